import { Client } from 'pg';
import { migrate, openDatabase } from '../../bootstrap';
import type { AppConfig } from '../../platform/config/app-config';
import { runningEmbeddedPostgres } from '../../platform/database/embedded-postgres';
import { createRootLogger } from '../../platform/logging/root-logger';
import { publicBaseUrl } from '../public-url';
import { BOOTSTRAP_LINK_PATH, createBootstrapLink } from './bootstrap-links';

export class AdminLinkRefusedError extends Error {
  override readonly name = 'AdminLinkRefusedError';
}

/**
 * `node dist/main.js admin-link`: a new one-time admin sign-in link. Works next to a running
 * `npm start` (it joins the embedded database that process runs) and without one.
 */
export async function createAdminLink(config: AppConfig): Promise<{ url: string; expiresAt: Date }> {
  if (!config.auth.bootstrapLogin) {
    throw new AdminLinkRefusedError(
      config.auth.oidc
        ? 'Bootstrap links are off because OIDC is configured: sign in at /auth/login (or set AUTH_BOOTSTRAP_LOGIN=on).'
        : `Bootstrap links are only for RUNTIME_ENV=local (this is ${config.runtimeEnv}): set AUTH_BOOTSTRAP_LOGIN=on to allow them explicitly.`,
    );
  }
  const quiet = createRootLogger('warn');
  const running = config.database.url
    ? undefined
    : await runningEmbeddedPostgres({ dataDir: config.dataDir, port: config.database.embeddedPort });
  const database = running ? { url: running, stop: async () => undefined } : await openDatabase(config, quiet);
  try {
    await migrate(database.url, quiet);
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      const run = async <T>(sql: string, params: unknown[]) => (await client.query(sql, params)).rows as T[];
      const { token, expiresAt } = await createBootstrapLink(run, config.auth.bootstrapLinkTtlSeconds);
      return { url: `${publicBaseUrl(config)}${BOOTSTRAP_LINK_PATH}/${token}`, expiresAt };
    } finally {
      await client.end();
    }
  } finally {
    await database.stop();
  }
}
