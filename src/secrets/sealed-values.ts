import type { PoolClient } from 'pg';
import type { SecretBox } from '../platform/security/secret-box';

/** What happened to the sealed values of one place. */
export interface ResealCount {
  /** Sealed again with the newest key. */
  resealed: number;
  /** Already sealed with the newest key. */
  current: number;
  /** Opened by no key in the ring: left as they are. */
  unreadable: number;
}

/** One table (and column) holding values sealed with SecretBox. */
export interface SealedPlace {
  name: string;
  /** Reseals every value, one row per transaction; `progress` gets one line per row changed or unreadable. */
  reseal(client: PoolClient, box: SecretBox, progress: (line: string) => void): Promise<ResealCount>;
}

type Outcome = { value: string; changed: boolean } | 'unreadable';

function resealOne(box: SecretBox, sealed: string): Outcome {
  try {
    const { plaintext, keyIndex } = box.openWithKey(sealed);
    return keyIndex === 0 ? { value: sealed, changed: false } : { value: box.seal(plaintext), changed: true };
  } catch {
    return 'unreadable';
  }
}

async function inTransaction<T>(client: PoolClient, work: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    const result = await work();
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

interface StoredSecret {
  id: string;
  sealed: string;
}

/** Webhook sources: every secret in `secrets` (several during a secret's own rotation). */
const webhookSourceSecrets: SealedPlace = {
  name: 'webhook source secrets',
  async reseal(client, box, progress) {
    const count: ResealCount = { resealed: 0, current: 0, unreadable: 0 };
    const { rows: ids } = await client.query<{ id: string }>('SELECT id FROM webhook_sources ORDER BY slug');
    for (const { id } of ids) {
      await inTransaction(client, async () => {
        // Locked while resealed: an admin rotating this source's secret meanwhile waits, and is not lost.
        const { rows } = await client.query<{ slug: string; secrets: StoredSecret[] }>(
          'SELECT slug, secrets FROM webhook_sources WHERE id = $1 FOR UPDATE',
          [id],
        );
        const row = rows[0];
        if (!row) return;
        let resealed = 0;
        let unreadable = 0;
        const secrets = row.secrets.map((secret) => {
          const outcome = resealOne(box, secret.sealed);
          if (outcome === 'unreadable') {
            unreadable += 1;
            return secret;
          }
          if (!outcome.changed) {
            count.current += 1;
            return secret;
          }
          resealed += 1;
          return { ...secret, sealed: outcome.value };
        });
        if (resealed > 0) {
          await client.query('UPDATE webhook_sources SET secrets = $2::jsonb WHERE id = $1', [
            id,
            JSON.stringify(secrets),
          ]);
          // In the change's own transaction, like every admin change.
          await client.query(
            `INSERT INTO audit_events (source, actor_id, actor_name, action, target, data)
             VALUES ('system', 'cli', 'reseal-secrets', 'source.reseal_secrets', $1, $2::jsonb)`,
            [row.slug, JSON.stringify({ resealed, keys: box.keyCount })],
          );
        }
        count.resealed += resealed;
        count.unreadable += unreadable;
        if (resealed > 0) progress(`source "${row.slug}": ${resealed} secret(s) resealed`);
        if (unreadable > 0) progress(`source "${row.slug}": ${unreadable} secret(s) UNREADABLE with every key`);
      });
    }
    return count;
  },
};

/**
 * A table with one sealed column, keyed by `key`: each row resealed in its own transaction, locked
 * meanwhile; with `audit`, the change is in the audit trail in that transaction.
 */
function sealedColumn(place: {
  name: string;
  /** How a row is named in the progress lines: `sync source "crm"`. */
  label: string;
  table: string;
  key: string;
  column: string;
  audit?: string;
}): SealedPlace {
  return {
    name: place.name,
    async reseal(client, box, progress) {
      const count: ResealCount = { resealed: 0, current: 0, unreadable: 0 };
      const { rows: keys } = await client.query<{ key: string }>(
        `SELECT ${place.key} AS key FROM ${place.table} WHERE ${place.column} IS NOT NULL ORDER BY ${place.key}`,
      );
      for (const { key } of keys) {
        await inTransaction(client, async () => {
          const { rows } = await client.query<{ sealed: string | null }>(
            `SELECT ${place.column} AS sealed FROM ${place.table} WHERE ${place.key} = $1 FOR UPDATE`,
            [key],
          );
          const sealed = rows[0]?.sealed;
          // Removed or cleared meanwhile: nothing to reseal.
          if (!sealed) return;
          const outcome = resealOne(box, sealed);
          if (outcome === 'unreadable') {
            count.unreadable += 1;
            progress(`${place.label} "${key}": UNREADABLE with every key`);
          } else if (!outcome.changed) {
            count.current += 1;
          } else {
            await client.query(`UPDATE ${place.table} SET ${place.column} = $2 WHERE ${place.key} = $1`, [
              key,
              outcome.value,
            ]);
            if (place.audit) {
              await client.query(
                `INSERT INTO audit_events (source, actor_id, actor_name, action, target, data)
                 VALUES ('system', 'cli', 'reseal-secrets', $1, $2, $3::jsonb)`,
                [place.audit, key, JSON.stringify({ resealed: 1, keys: box.keyCount })],
              );
            }
            count.resealed += 1;
            progress(`${place.label} "${key}": resealed`);
          }
        });
      }
      return count;
    },
  };
}

/** The bot's unanswered interactions: each interaction token (short-lived, so not audited). */
const botInteractionTokens = sealedColumn({
  name: 'bot interaction tokens',
  label: 'bot interaction',
  table: 'bot_unfinished_answers',
  key: 'interaction_id',
  column: 'token_sealed',
});

/** Sync sources: the credential each connector sends. */
const syncSourceCredentials = sealedColumn({
  name: 'sync source credentials',
  label: 'sync source',
  table: 'sync_sources',
  key: 'slug',
  column: 'credentials_sealed',
  audit: 'sync_source.reseal_secrets',
});

/** Google accounts connected with OAuth: each refresh token (revoked accounts have none). */
const googleRefreshTokens = sealedColumn({
  name: 'Google account refresh tokens',
  label: 'Google account',
  table: 'google_accounts',
  key: 'id',
  column: 'refresh_token_sealed',
  audit: 'google_account.reseal_secrets',
});

/** Every place Switchyard stores values sealed with SECRETS_KEY. A new one is one line here. */
export const SEALED_PLACES: readonly SealedPlace[] = [
  webhookSourceSecrets,
  syncSourceCredentials,
  botInteractionTokens,
  googleRefreshTokens,
];
