import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('runs with no variables at all on the embedded defaults', () => {
    const config = loadConfig({});
    expect(config.runtimeEnv).toBe('local');
    expect(config.usesEmbeddedDatabase).toBe(true);
    expect(config.http.port).toBe(3000);
    expect(config.jobs).toMatchObject({
      maxAttempts: 8,
      retryBaseSeconds: 5,
      retryMaxSeconds: 300,
      timeoutSeconds: 600,
    });
    expect(config.webhooks.maxBodyBytes).toBe(10 * 1024 * 1024);
  });

  it('reads and converts the documented variables', () => {
    const config = loadConfig({
      RUNTIME_ENV: 'production',
      DATABASE_URL: 'postgres://sy:pw@db:5432/switchyard',
      PORT: '8080',
      JOB_MAX_ATTEMPTS: '3',
      WORKER_CONCURRENCY: '16',
      GITHUB_WEBHOOK_SECRET: 'new, old ,',
      API_SHARED_SECRET: 'a-long-enough-secret',
      SECRETS_KEY: 'a-key-of-at-least-thirty-two-characters',
      MINIO_ROOT_PASSWORD: 'minio-secret',
    });
    expect(config.database.url).toBe('postgres://sy:pw@db:5432/switchyard');
    expect(config.http.port).toBe(8080);
    expect(config.jobs.maxAttempts).toBe(3);
    expect(config.jobs.workerConcurrency).toBe(16);
    expect(config.webhooks.githubSecrets).toEqual(['new', 'old']);
  });

  it('lists every problem at once, each naming its variable', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig({
        RUNTIME_ENV: 'production',
        PORT: 'eighty',
        LOG_LEVEL: 'loud',
        API_SHARED_SECRET: 'short',
        JOB_MAX_ATTEMPTS: '0',
      });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = error!.problems.join('\n');
    expect(problems).toMatch(
      /^DATABASE_URL must be a postgres:\/\/ connection URL \(required unless RUNTIME_ENV=local\)$/m,
    );
    expect(problems).toMatch(/^PORT/m);
    expect(problems).toMatch(/^LOG_LEVEL/m);
    expect(problems).toMatch(/^API_SHARED_SECRET must be at least 16 characters$/m);
    expect(problems).toMatch(/^JOB_MAX_ATTEMPTS/m);
    expect(problems).toMatch(
      /^SECRETS_KEY must be at least 32 characters \(required when RUNTIME_ENV is production or staging\); during a rotation/m,
    );
    expect(problems).toMatch(/^MINIO_ROOT_PASSWORD is required when RUNTIME_ENV is production/m);
    expect(error!.problems).toHaveLength(7);
  });

  it('refuses embedded defaults outside RUNTIME_ENV=local', () => {
    expect(() => loadConfig({ RUNTIME_ENV: 'staging' })).toThrow(/DATABASE_URL/);
  });

  it('checks that the retry ceiling is not below the base delay', () => {
    expect(() => loadConfig({ JOB_RETRY_BASE_SECONDS: '60', JOB_RETRY_MAX_SECONDS: '10' })).toThrow(
      'JOB_RETRY_MAX_SECONDS must not be smaller than JOB_RETRY_BASE_SECONDS',
    );
  });

  it('reads the integrations: GitHub API base and Zammad URL without trailing slashes, checked as URLs', () => {
    expect(loadConfig({}).github).toEqual({ token: undefined, apiUrl: 'https://api.github.com' });
    expect(loadConfig({}).zammad).toEqual({ url: undefined });
    const config = loadConfig({
      GITHUB_TOKEN: 'ghp_x',
      GITHUB_API_URL: 'https://ghe.example.com/api/v3/',
      ZAMMAD_URL: 'https://support.example.com/',
    });
    expect(config.github).toEqual({ token: 'ghp_x', apiUrl: 'https://ghe.example.com/api/v3' });
    expect(config.zammad.url).toBe('https://support.example.com');
    expect(() => loadConfig({ ZAMMAD_URL: 'support.example.com' })).toThrow(/ZAMMAD_URL must be an http\(s\) URL/);
    expect(() => loadConfig({ GITHUB_API_URL: 'ftp://x' })).toThrow(/GITHUB_API_URL must be an http\(s\) URL/);
  });

  it('reads the bot settings: admins default to the command guild, by role id; names only with the fallback', () => {
    const config = loadConfig({
      DISCORD_BOT_TOKEN: 'token',
      DISCORD_APPLICATION_ID: '900000000000000001',
      DISCORD_GUILD_ID: '910000000000000001',
    });
    expect(config.discord).toMatchObject({
      applicationId: '900000000000000001',
      guildId: '910000000000000001',
      adminGuildId: '910000000000000001',
      adminRoleIds: [],
      adminRoleNames: [],
    });
    expect(config.jobs.scheduleCheckIntervalSeconds).toBe(30);
    const staff = loadConfig({
      DISCORD_BOT_TOKEN: 'token',
      DISCORD_ADMIN_GUILD_ID: '910000000000000002',
      DISCORD_ADMIN_ROLE_IDS: '920000000000000001, 920000000000000002',
      DISCORD_ADMIN_ROLES: 'Ops, On Call',
    });
    expect(staff.discord).toMatchObject({
      adminGuildId: '910000000000000002',
      adminRoleIds: ['920000000000000001', '920000000000000002'],
      adminRoleNames: [],
    });
    const firstSetup = loadConfig({ DISCORD_ADMIN_ROLE_NAMES_FALLBACK: 'on', DISCORD_ADMIN_ROLES: 'Ops, On Call' });
    expect(firstSetup.discord.adminRoleNames).toEqual(['Ops', 'On Call']);
    expect(loadConfig({ DISCORD_ADMIN_ROLE_NAMES_FALLBACK: 'on' }).discord.adminRoleNames).toEqual([
      'Admin',
      'Owner',
      'Steering Committee',
    ]);
  });

  it('refuses malformed Discord ids and schedule intervals, naming each', () => {
    expect(() =>
      loadConfig({
        DISCORD_APPLICATION_ID: 'my-app',
        DISCORD_GUILD_ID: '12',
        SCHEDULE_CHECK_INTERVAL_SECONDS: '60',
        DISCORD_ADMIN_ROLE_IDS: 'Admin',
        DISCORD_ADMIN_ROLE_NAMES_FALLBACK: 'yes',
      }),
    ).toThrow(
      new ConfigError([
        'DISCORD_APPLICATION_ID must be a Discord application id (17-20 digits)',
        'DISCORD_GUILD_ID must be a Discord server (guild) id (17-20 digits)',
        'DISCORD_ADMIN_ROLE_IDS must be Discord role ids (17-20 digits), comma-separated',
        'DISCORD_ADMIN_ROLE_NAMES_FALLBACK must be on or off',
        'SCHEDULE_CHECK_INTERVAL_SECONDS must be a whole number from 1 to 45',
      ]),
    );
  });
});
