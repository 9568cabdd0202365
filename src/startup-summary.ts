import type { Role } from './cli/command';
import type { AppConfig } from './platform/config/app-config';
import { describeDatabaseUrl } from './platform/database/database-url';
import { secretsKeyring } from './platform/security/secrets-key';

/** One readable line (and the same as fields) saying what this process is and which defaults it uses. */
export function startupSummary(input: {
  roles: readonly Role[];
  config: AppConfig;
  database: { url: string; embedded: boolean };
  port: number;
  notes: readonly string[];
}): { text: string; fields: Record<string, unknown> } {
  const { roles, config, database, port } = input;
  const http = roles.includes('api') ? `http://${config.http.host}:${port}` : `health only on port ${port}`;
  const db = database.embedded
    ? `embedded PostgreSQL at ${describeDatabaseUrl(database.url)} (data in ${config.dataDir}/postgres; set DATABASE_URL to use your own)`
    : `PostgreSQL at ${describeDatabaseUrl(database.url)}`;
  const features = {
    githubWebhooks: config.webhooks.githubSecrets.length > 0 ? 'on' : 'off (set GITHUB_WEBHOOK_SECRET)',
    jobsApi: config.apiSharedSecret ? 'on' : 'off (set API_SHARED_SECRET)',
    discordBot: config.discord.botToken ? 'token set' : 'off (set DISCORD_BOT_TOKEN)',
    githubProjectsEnrichment: config.github.token ? 'on' : 'off (set GITHUB_TOKEN)',
    jira: config.integrations.jira ? 'on' : 'off (set JIRA_BASE_URL, JIRA_EMAIL, JIRA_API_TOKEN)',
    peopleforce: config.integrations.peopleforce ? 'on' : 'off (set PEOPLEFORCE_API_KEY)',
    resumesByEmail: config.mailIntake.enabled
      ? `${config.mailIntake.server.host}:${config.mailIntake.server.port} (${config.mailIntake.server.tls}) every ${config.mailIntake.checkEverySeconds} s`
      : 'off (set EMAIL_RESUME_INTAKE_ENABLED)',
    adminSignIn: config.auth.oidc
      ? 'oidc'
      : config.auth.bootstrapLogin
        ? 'one-time bootstrap links (set OIDC_ISSUER_URL for real sign-in)'
        : 'off (set OIDC_ISSUER_URL)',
  };
  const ring = config.secretsKey ? secretsKeyring(config.secretsKey).length : 0;
  const secrets =
    ring > 1
      ? `SECRETS_KEY (${ring} keys: the first seals; run reseal-secrets, then drop the old ones)`
      : config.secretsKey
        ? 'SECRETS_KEY'
        : `key file ${config.dataDir}/secrets.key (embedded default; set SECRETS_KEY)`;
  const text = [
    `Switchyard ready: roles ${roles.join(', ')}`,
    `HTTP ${http}`,
    `database ${db}`,
    'object storage not used by this version',
    `webhook secrets sealed with ${secrets}`,
    `runtime ${config.runtimeEnv}`,
    `features: ${Object.entries(features)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
    ...input.notes,
  ].join(' | ');
  return {
    text,
    fields: {
      roles,
      port,
      database: describeDatabaseUrl(database.url),
      embeddedDatabase: database.embedded,
      features,
    },
  };
}
