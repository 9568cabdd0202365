import { Pool } from 'pg';
import { migrate, openDatabase } from '../bootstrap';
import type { AppConfig } from '../platform/config/app-config';
import { createRootLogger } from '../platform/logging/root-logger';
import { SecretBox } from '../platform/security/secret-box';
import { resolveSecretsKey } from '../platform/security/secrets-key';
import { type ResealCount, SEALED_PLACES } from './sealed-values';

export interface ResealSummary extends ResealCount {
  keys: number;
}

/**
 * `node dist/main.js reseal-secrets`: after SECRETS_KEY became `new,old`, seals every stored
 * secret again with the newest key, so the old key can then be dropped. Safe while Switchyard runs
 * (every key in the ring opens) and safe to run again (values already under the newest key are
 * left alone). Values no key opens are reported and left as they are.
 */
export async function resealSecrets(config: AppConfig, print: (line: string) => void): Promise<ResealSummary> {
  const { keys } = resolveSecretsKey(config);
  const box = new SecretBox(keys);
  const quiet = createRootLogger('warn');
  const database = await openDatabase(config, quiet);
  try {
    await migrate(database.url, quiet);
    const pool = new Pool({ connectionString: database.url, max: 1 });
    const client = await pool.connect();
    const total: ResealSummary = { keys: keys.length, resealed: 0, current: 0, unreadable: 0 };
    try {
      print(`Resealing stored secrets with the newest of ${keys.length} key(s) in SECRETS_KEY`);
      for (const place of SEALED_PLACES) {
        const count = await place.reseal(client, box, (line) => print(`  ${line}`));
        print(
          `${place.name}: ${count.resealed} resealed, ${count.current} already under the newest key, ${count.unreadable} unreadable`,
        );
        total.resealed += count.resealed;
        total.current += count.current;
        total.unreadable += count.unreadable;
      }
    } finally {
      client.release();
      await pool.end();
    }
    print(
      `Done: ${total.resealed} resealed, ${total.current} already under the newest key, ${total.unreadable} unreadable.` +
        (total.unreadable > 0
          ? ' Unreadable secrets were sealed with a key that is not in SECRETS_KEY: add it back (or rotate those secrets).'
          : keys.length > 1
            ? ' Every stored secret now opens with the newest key: the older keys can be removed from SECRETS_KEY.'
            : ''),
    );
    return total;
  } finally {
    await database.stop();
  }
}
