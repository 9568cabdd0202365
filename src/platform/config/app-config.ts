import { resolve } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { AuthSettings, readAuthConfig, readTrustProxy } from './auth-config';
import { CrmSettings, readCrmConfig } from './crm-config';
import { Environment } from './environment';
import { IntegrationSettings, readIntegrationsConfig } from './integrations-config';
import { GoogleSettings, readGoogleConfig } from './google-config';
import { FilesSettings, readFilesConfig, readResumeConfig, ResumeSettings } from './files-config';
import { GoogleOAuthSettings, readGoogleOAuthConfig } from './google-oauth-config';
import { MailIntakeSettings, readMailIntakeConfig } from './mail-intake-config';
import { OpsSettings, readOpsConfig, readRetentionConfig, RetentionSettings } from './ops-config';

export type RuntimeEnv = NonNullable<Environment['RUNTIME_ENV']>;
export type LogLevel = NonNullable<Environment['LOG_LEVEL']>;

export interface JobSettings {
  maxAttempts: number;
  retryBaseSeconds: number;
  retryMaxSeconds: number;
  timeoutSeconds: number;
  heartbeatSeconds: number;
  workerConcurrency: number;
  /** Jobs one fetch takes on a queue whose handler is cheap (`cheap: true`). */
  cheapBatchSize: number;
  shutdownTimeoutSeconds: number;
  superviseIntervalSeconds: number;
  /** How often workers look for due cron schedules (pg-boss's cron pass). */
  scheduleCheckIntervalSeconds: number;
}

export interface DiscordSettings {
  botToken?: string;
  /** Discord's REST base (without the /v10 version), or a proxy or test fake; the gateway URL is looked up there. */
  apiUrl: string;
  /** The origin of Discord's CDN: files people attach to commands are downloaded from there only. */
  cdnUrl: string;
  /** Requests per second to Discord's REST API per process (Discord's global bot limit is 50). */
  globalRequestsPerSecond: number;
  /**
   * How long after sending a part Switchyard trusts Discord's nonce to de-duplicate a repeat; a part
   * whose answer went missing longer ago is looked for in the channel before it is sent again.
   */
  nonceWindowSeconds: number;
  /** Whether a channel's queued posts are merged into as few messages as Discord allows (rules may opt out). */
  coalesce: boolean;
  applicationId?: string;
  /** Slash commands are registered to this guild only (instant, for development); unset: globally. */
  guildId?: string;
  /** Where admins are recognised by their roles; defaults to guildId. */
  adminGuildId?: string;
  /** Holding one of these roles (by id) in adminGuildId makes an admin. */
  adminRoleIds: string[];
  /**
   * Role names that also make an admin (case-insensitive): only with DISCORD_ADMIN_ROLE_NAMES_FALLBACK=on,
   * for a first setup; empty otherwise. Anyone allowed to create roles can copy a name.
   */
  adminRoleNames: string[];
}

export interface HttpForwardSettings {
  secret?: string;
  allowPrivateNetworks: boolean;
  /** Socket inactivity: no byte for this long fails the attempt. */
  timeoutSeconds: number;
  /** The whole exchange (connect, headers, body) must finish within this. */
  deadlineSeconds: number;
  /** At most this much of an answer is read; the rest is not waited for. */
  maxResponseBytes: number;
  /** A receiver's Retry-After is honoured up to this long. */
  retryAfterMaxSeconds: number;
}

/** Polled sources (src/sync): the address policy and the bounds of one run. */
export interface SyncSettings {
  /** Whether sync sources may call private, loopback and other non-public addresses. */
  allowPrivateNetworks: boolean;
  /** No byte for this long fails a page; a page's whole exchange gets twice as long. */
  httpTimeoutSeconds: number;
  /** A page's answer larger than this fails the run. */
  maxResponseBytes: number;
  /** A resource larger than this (as JSON) fails the run. */
  maxItemBytes: number;
  /** Pages one run reads at most; a longer listing goes on in the next run. */
  maxPagesPerRun: number;
  /** A run stops reading pages after this long; the listing goes on in the next run. */
  runMaxSeconds: number;
  /** A complete listing with fewer resources than this percentage of the last complete one deletes nothing. */
  shortListingPercent: number;
  /** A Retry-After up to this long is waited out within the run; a longer one ends it, retried then. */
  retryAfterWaitMaxSeconds: number;
}

/** The one typed configuration object, built once at boot from the environment. */
export class AppConfig {
  readonly runtimeEnv!: RuntimeEnv;
  /** `port` serves the api role; processes without it serve health and readiness on `healthPort`. */
  readonly http!: { host: string; port: number; healthPort: number; trustProxy: boolean | number | string };
  readonly logLevel!: LogLevel;
  readonly dataDir!: string;
  /** `url` undefined means: start the embedded PostgreSQL under dataDir. */
  readonly database!: { url?: string; embeddedPort: number; poolSize: number };
  readonly apiSharedSecret?: string;
  /** Key material for stored webhook secrets; see secrets-key.ts for the local default. */
  readonly secretsKey?: string;
  readonly jobs!: JobSettings;
  readonly readiness!: { workerHeartbeatWindowSeconds: number };
  readonly webhooks!: {
    maxBodyBytes: number;
    githubSecrets: string[];
    retentionDays: number;
    /** Verified deliveries per second over all sources, per api process; 0 = no limit. */
    globalRateLimitPerSecond: number;
    /** Refused unverified deliveries per client address and source per minute, over all api processes; 0 = no limit. */
    refusedPerAddressPerMinute: number;
    /** A delivery not answered by then gets 408 (body still arriving) or 503 (not stored yet). */
    answerTimeoutSeconds: number;
    /** Whether a Gmail source's `jwksUrl` may resolve to private, loopback or other non-public addresses. */
    jwksAllowPrivateNetworks: boolean;
  };
  /** The `http.forward` rule action: signing secret (`whsec_...`), private-address policy, limits. */
  readonly httpForward!: HttpForwardSettings;
  /** `apiUrl`: Discord's REST base (without the /v10 version), or a proxy or test fake. */
  readonly discord!: DiscordSettings;
  /** GitHub's API for enrichment (Projects v2 items); without a token enrichment records why it could not run. */
  readonly github!: { token?: string; apiUrl: string };
  /** `url`: the Zammad instance, for ticket links in messages (none without it). */
  readonly zammad!: { url?: string };
  /** Admin sign-in, sessions, Discord deep links (src/auth). */
  readonly auth!: AuthSettings;
  /** Open `/dashboard/live` streams allowed per session and per api process. */
  readonly dashboard!: { liveStreamsPerSession: number; liveStreams: number };
  /** Jira and PeopleForce (src/integrations): each undefined when not configured. */
  readonly integrations!: IntegrationSettings;
  /** Google accounts connected with OAuth; undefined without GOOGLE_OAUTH_CLIENT_ID (the feature is off). */
  readonly googleOAuth?: GoogleOAuthSettings;
  /** People and CRM: the EspoCRM connection, the people sync, the CRM's field names (src/people). */
  readonly crm!: CrmSettings;
  /** Object storage (disk or MinIO/S3), download links, upload limits (src/storage). */
  readonly files!: FilesSettings;
  /** Resume extraction: parser limits, the ledger's version, the optional model (src/resumes). */
  readonly resumes!: ResumeSettings;
  /** Resumes from a mailbox (IMAP), optional (src/people/mail-intake). */
  readonly mailIntake!: MailIntakeSettings;
  /** Polled sources (src/sync). */
  readonly sync!: SyncSettings;
  /** Google's token endpoint and API bases (src/integrations/google). */
  readonly google!: GoogleSettings;
  /** Operator alerts to Discord and their thresholds. */
  readonly ops!: OpsSettings;
  /** Days audit events, bulk replays, resolved alerts, stored files and sync tombstones are kept. */
  readonly retention!: RetentionSettings;

  static fromPlain(value: AppConfig): AppConfig {
    return Object.assign(new AppConfig(), value);
  }

  get usesEmbeddedDatabase(): boolean {
    return this.database.url === undefined;
  }
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const csv = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);

function flatten(errors: ValidationError[]): string[] {
  return errors.flatMap((error) =>
    Object.values(error.constraints ?? {}).map((message) =>
      message.startsWith(error.property) ? message : `${error.property}: ${message}`,
    ),
  );
}

/** Validates the whole environment and lists every problem at once, each naming its variable. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): AppConfig {
  const env = plainToInstance(Environment, { ...source }, { excludeExtraneousValues: false });
  const problems = flatten(validateSync(env, { forbidUnknownValues: false, stopAtFirstError: true }));
  const jobs: JobSettings = {
    maxAttempts: env.JOB_MAX_ATTEMPTS ?? 8,
    retryBaseSeconds: env.JOB_RETRY_BASE_SECONDS ?? 5,
    retryMaxSeconds: env.JOB_RETRY_MAX_SECONDS ?? 300,
    timeoutSeconds: env.JOB_TIMEOUT_SECONDS ?? 600,
    heartbeatSeconds: env.JOB_HEARTBEAT_SECONDS ?? 30,
    workerConcurrency: env.WORKER_CONCURRENCY ?? 8,
    cheapBatchSize: env.WORKER_CHEAP_BATCH_SIZE ?? 100,
    shutdownTimeoutSeconds: env.WORKER_SHUTDOWN_TIMEOUT_SECONDS ?? 25,
    superviseIntervalSeconds: env.QUEUE_SUPERVISE_INTERVAL_SECONDS ?? 30,
    scheduleCheckIntervalSeconds: env.SCHEDULE_CHECK_INTERVAL_SECONDS ?? 30,
  };
  if (jobs.retryMaxSeconds < jobs.retryBaseSeconds) {
    problems.push('JOB_RETRY_MAX_SECONDS must not be smaller than JOB_RETRY_BASE_SECONDS');
  }
  if ((env.SYNC_RUN_MAX_SECONDS ?? 300) >= jobs.timeoutSeconds) {
    problems.push('SYNC_RUN_MAX_SECONDS must be smaller than JOB_TIMEOUT_SECONDS (a sync run is a job)');
  }
  const auth = readAuthConfig(env, problems);
  const integrations = readIntegrationsConfig(env, problems);
  const googleOAuth = readGoogleOAuthConfig(env, problems);
  const crm = readCrmConfig(env, problems);
  const files = readFilesConfig(env, problems);
  const resumes = readResumeConfig(env, problems);
  const mailIntake = readMailIntakeConfig(env, problems, files.maxFileBytes);
  if (problems.length > 0) throw new ConfigError(problems);

  return AppConfig.fromPlain({
    runtimeEnv: env.RUNTIME_ENV ?? 'local',
    http: {
      host: env.HOST ?? '0.0.0.0',
      port: env.PORT ?? 3000,
      healthPort: env.HEALTH_PORT ?? 3001,
      trustProxy: readTrustProxy(env.TRUST_PROXY),
    },
    logLevel: env.LOG_LEVEL ?? 'info',
    dataDir: resolve(env.DATA_DIR ?? './data'),
    database: {
      url: env.DATABASE_URL,
      embeddedPort: env.EMBEDDED_POSTGRES_PORT ?? 54329,
      poolSize: env.DATABASE_POOL_SIZE ?? 10,
    },
    apiSharedSecret: env.API_SHARED_SECRET,
    secretsKey: env.SECRETS_KEY,
    jobs,
    readiness: { workerHeartbeatWindowSeconds: env.READY_WORKER_HEARTBEAT_WINDOW_SECONDS ?? 90 },
    webhooks: {
      maxBodyBytes: env.WEBHOOK_MAX_BODY_BYTES ?? 10 * 1024 * 1024,
      githubSecrets: csv(env.GITHUB_WEBHOOK_SECRET),
      retentionDays: env.WEBHOOK_RETENTION_DAYS ?? 30,
      globalRateLimitPerSecond: env.WEBHOOK_GLOBAL_RATE_LIMIT_PER_SECOND ?? 0,
      refusedPerAddressPerMinute: env.WEBHOOK_REFUSED_PER_ADDRESS_PER_MINUTE ?? 60,
      answerTimeoutSeconds: env.WEBHOOK_ANSWER_TIMEOUT_SECONDS ?? 30,
      jwksAllowPrivateNetworks: env.WEBHOOK_JWKS_ALLOW_PRIVATE === 'true',
    },
    httpForward: {
      secret: env.HTTP_FORWARD_SECRET,
      allowPrivateNetworks: env.HTTP_FORWARD_ALLOW_PRIVATE === 'true',
      timeoutSeconds: env.HTTP_FORWARD_TIMEOUT_SECONDS ?? 10,
      deadlineSeconds: env.HTTP_FORWARD_DEADLINE_SECONDS ?? 30,
      maxResponseBytes: env.HTTP_FORWARD_MAX_RESPONSE_BYTES ?? 64 * 1024,
      retryAfterMaxSeconds: env.HTTP_FORWARD_RETRY_AFTER_MAX_SECONDS ?? 3600,
    },
    discord: {
      botToken: env.DISCORD_BOT_TOKEN,
      apiUrl: env.DISCORD_API_URL ?? 'https://discord.com/api',
      cdnUrl: (env.DISCORD_CDN_URL ?? 'https://cdn.discordapp.com').replace(/\/+$/, ''),
      globalRequestsPerSecond: env.DISCORD_GLOBAL_REQUESTS_PER_SECOND ?? 50,
      nonceWindowSeconds: env.DISCORD_NONCE_WINDOW_SECONDS ?? 120,
      coalesce: (env.DISCORD_COALESCE ?? 'on') === 'on',
      applicationId: env.DISCORD_APPLICATION_ID,
      guildId: env.DISCORD_GUILD_ID,
      adminGuildId: env.DISCORD_ADMIN_GUILD_ID ?? env.DISCORD_GUILD_ID,
      adminRoleIds: csv(env.DISCORD_ADMIN_ROLE_IDS),
      adminRoleNames:
        env.DISCORD_ADMIN_ROLE_NAMES_FALLBACK === 'on'
          ? csv(env.DISCORD_ADMIN_ROLES ?? 'Admin,Owner,Steering Committee')
          : [],
    },
    github: { token: env.GITHUB_TOKEN, apiUrl: (env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, '') },
    zammad: { url: env.ZAMMAD_URL?.replace(/\/+$/, '') },
    auth,
    dashboard: {
      liveStreamsPerSession: env.DASHBOARD_LIVE_MAX_STREAMS_PER_SESSION ?? 6,
      liveStreams: env.DASHBOARD_LIVE_MAX_STREAMS ?? 500,
    },
    integrations,
    googleOAuth,
    crm,
    files,
    resumes,
    mailIntake,
    sync: {
      allowPrivateNetworks: env.SYNC_HTTP_ALLOW_PRIVATE === 'true',
      httpTimeoutSeconds: env.SYNC_HTTP_TIMEOUT_SECONDS ?? 30,
      maxResponseBytes: env.SYNC_MAX_RESPONSE_BYTES ?? 16 * 1024 * 1024,
      maxItemBytes: env.SYNC_MAX_ITEM_BYTES ?? 1024 * 1024,
      maxPagesPerRun: env.SYNC_MAX_PAGES_PER_RUN ?? 200,
      runMaxSeconds: env.SYNC_RUN_MAX_SECONDS ?? 300,
      shortListingPercent: env.SYNC_SHORT_LISTING_PERCENT ?? 50,
      retryAfterWaitMaxSeconds: env.SYNC_RETRY_AFTER_WAIT_MAX_SECONDS ?? 30,
    },
    google: readGoogleConfig(env),
    ops: readOpsConfig(env),
    retention: readRetentionConfig(env),
  } as AppConfig);
}
