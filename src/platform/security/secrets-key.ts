import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from '../config/app-config';

/**
 * SECRETS_KEY, or for local and test runs without one, a key generated once and kept in
 * DATA_DIR/secrets.key (losing that file makes stored webhook secrets unreadable). SECRETS_KEY may
 * be a keyring, `new,old`: `key` is the newest (it seals and signs), `keys` all of them (they open).
 */
export function resolveSecretsKey(config: AppConfig): { key: string; keys: string[]; source: 'environment' | 'file' } {
  if (config.secretsKey) {
    const keys = secretsKeyring(config.secretsKey);
    return { key: keys[0]!, keys, source: 'environment' };
  }
  const file = join(config.dataDir, 'secrets.key');
  if (!existsSync(file)) {
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  }
  const key = readFileSync(file, 'utf8').trim();
  return { key, keys: [key], source: 'file' };
}

/** `new,old` → ['new', 'old']: newest first. */
export const secretsKeyring = (value: string): string[] =>
  value
    .split(',')
    .map((key) => key.trim())
    .filter((key) => key.length > 0);
