import { AppConfig, loadConfig } from '../../src/platform/config/app-config';

/** Switchyard's configuration for a benchmark run on `databaseUrl`, plus the run's own settings. */
export function benchConfig(databaseUrl: string, extra: Record<string, string>): AppConfig {
  return loadConfig({
    RUNTIME_ENV: 'test',
    DATABASE_URL: databaseUrl,
    PORT: '0',
    HOST: '127.0.0.1',
    SECRETS_KEY: 'bench-secrets-key-0123456789-abcdefghij',
    ...extra,
  });
}
