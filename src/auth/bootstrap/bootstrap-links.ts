import { hashSecretToken, looksLikeSecretToken, newSecretToken } from '../secret-token';

/** Runs one SQL statement and returns its rows (a DataSource, or a plain pg client in the CLI). */
export type RunQuery = <T>(sql: string, params: unknown[]) => Promise<T[]>;

export const BOOTSTRAP_LINK_PATH = '/auth/bootstrap';

/** A new one-time bootstrap sign-in token; only its hash is stored. */
export async function createBootstrapLink(
  run: RunQuery,
  ttlSeconds: number,
): Promise<{ token: string; expiresAt: Date }> {
  const { token, hash } = newSecretToken();
  await run(`DELETE FROM bootstrap_links WHERE expires_at < now() - interval '1 day'`, []);
  const [row] = await run<{ expires_at: Date }>(
    `INSERT INTO bootstrap_links (token_hash, expires_at) VALUES ($1, now() + make_interval(secs => $2)) RETURNING expires_at`,
    [hash, ttlSeconds],
  );
  return { token, expiresAt: row!.expires_at };
}

/** Uses a bootstrap token up, once. */
export async function consumeBootstrapLink(
  run: RunQuery,
  token: string,
): Promise<'ok' | 'used' | 'expired' | 'unknown'> {
  if (!looksLikeSecretToken(token)) return 'unknown';
  const hash = hashSecretToken(token);
  const used = await run<{ token_hash: string }>(
    `UPDATE bootstrap_links SET used_at = now() WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now()
      RETURNING token_hash`,
    [hash],
  );
  if (used.length > 0) return 'ok';
  const [link] = await run<{ used_at: Date | null }>('SELECT used_at FROM bootstrap_links WHERE token_hash = $1', [
    hash,
  ]);
  return !link ? 'unknown' : link.used_at ? 'used' : 'expired';
}
