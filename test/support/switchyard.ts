import { createTestDatabase, TestDatabase } from './test-database';
import pino, { Logger } from 'pino';
import { RunningSwitchyard, startSwitchyard } from '../../src/bootstrap';
import type { Role } from '../../src/cli/command';
import { loadConfig } from '../../src/platform/config/app-config';

export const TEST_API_SECRET = 'test-api-secret-0123456789';
export const TEST_GITHUB_SECRET = 'github-webhook-secret';

export interface TestApp extends RunningSwitchyard {
  /** fetch against the app with the API secret as bearer token. */
  api(path: string, init?: RequestInit): Promise<Response>;
}

/** Boots the real application in-process, in the given roles, against the given database. */
export async function startTestApp(options: {
  databaseUrl: string;
  roles?: Role[];
  env?: Record<string, string>;
  logger?: Logger;
}): Promise<TestApp> {
  const config = loadConfig({
    RUNTIME_ENV: 'test',
    DATABASE_URL: options.databaseUrl,
    PORT: '0',
    HEALTH_PORT: '0',
    HOST: '127.0.0.1',
    API_SHARED_SECRET: TEST_API_SECRET,
    GITHUB_WEBHOOK_SECRET: TEST_GITHUB_SECRET,
    SECRETS_KEY: 'test-secrets-key-0123456789-abcdefghij',
    WORKER_SHUTDOWN_TIMEOUT_SECONDS: '5',
    ...options.env,
  });
  const running = await startSwitchyard({
    roles: options.roles ?? ['api', 'worker'],
    config,
    logger: options.logger ?? pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
  });
  return {
    ...running,
    api: (path, init = {}) =>
      fetch(`${running.url}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${TEST_API_SECRET}`, ...(init.headers as Record<string, string>) },
      }),
  };
}

export async function waitFor<T>(
  probe: () => Promise<T | undefined | null | false>,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: Error | undefined;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      last = error as Error;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`Timed out waiting for ${what}${last ? `: ${last.message}` : ''}`);
}

/**
 * A fresh database and the application on it for one describe block: started before its tests,
 * stopped and dropped after. Read `db` and `app` inside tests, not at describe time.
 */
export function useTestApp(options: { roles?: Role[]; env?: Record<string, string> } = {}) {
  const context = {} as { db: TestDatabase; app: TestApp };
  beforeAll(async () => {
    context.db = await createTestDatabase();
    context.app = await startTestApp({ databaseUrl: context.db.url, ...options });
  });
  afterAll(async () => {
    await context.app?.stop();
    await context.db?.drop();
  });
  return context;
}

/** POST a JSON body to the admin API. */
export const postJson = (app: TestApp, path: string, body: unknown) =>
  app.api(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
