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

/** The bot's unanswered interactions: each interaction token, sealed. */
const botInteractionTokens: SealedPlace = {
  name: 'bot interaction tokens',
  async reseal(client, box, progress) {
    const count: ResealCount = { resealed: 0, current: 0, unreadable: 0 };
    const { rows } = await client.query<{ interaction_id: string; token_sealed: string }>(
      'SELECT interaction_id, token_sealed FROM bot_unfinished_answers ORDER BY interaction_id',
    );
    for (const row of rows) {
      const outcome = resealOne(box, row.token_sealed);
      if (outcome === 'unreadable') {
        count.unreadable += 1;
        progress(`bot interaction ${row.interaction_id}: token UNREADABLE with every key`);
      } else if (!outcome.changed) {
        count.current += 1;
      } else {
        // Only where it still holds the value read: a row the bot removed or rewrote meanwhile is left alone.
        const updated = await client.query(
          'UPDATE bot_unfinished_answers SET token_sealed = $3 WHERE interaction_id = $1 AND token_sealed = $2',
          [row.interaction_id, row.token_sealed, outcome.value],
        );
        if (updated.rowCount) count.resealed += 1;
      }
    }
    if (count.resealed > 0) progress(`bot interactions: ${count.resealed} token(s) resealed`);
    return count;
  },
};

/** Every place Switchyard stores values sealed with SECRETS_KEY. A new one is one line here. */
export const SEALED_PLACES: readonly SealedPlace[] = [webhookSourceSecrets, botInteractionTokens];
