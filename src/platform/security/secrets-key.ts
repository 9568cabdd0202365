import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from '../config/app-config';

/**
 * SECRETS_KEY, or for local and test runs without one, a key generated once and kept in
 * DATA_DIR/secrets.key (losing that file makes stored webhook secrets unreadable).
 */
export function resolveSecretsKey(config: AppConfig): { key: string; source: 'environment' | 'file' } {
  if (config.secretsKey) return { key: config.secretsKey, source: 'environment' };
  const file = join(config.dataDir, 'secrets.key');
  if (!existsSync(file)) {
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  }
  return { key: readFileSync(file, 'utf8').trim(), source: 'file' };
}
