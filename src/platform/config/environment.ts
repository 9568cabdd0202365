import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, Matches, ValidateIf } from 'class-validator';
import { IntegerVariable } from './integer-variable.decorator';

export const RUNTIME_ENVS = ['local', 'test', 'staging', 'production'] as const;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const SAME_SITE_VALUES = ['lax', 'strict', 'none'] as const;
export const BOOTSTRAP_LOGIN_MODES = ['auto', 'on', 'off'] as const;
export const ON_OFF = ['on', 'off'] as const;
export const STORAGE_BACKENDS = ['disk', 'minio'] as const;

const HTTP_URL = /^https?:\/\/[^\s]+$/;
const RELATIVE_PATH = /^\/(?![/\\])[^\s?#]*$/;

const SNOWFLAKE = /^\d{17,20}$/;
const CRM_FIELD = /^[A-Za-z][A-Za-z0-9_]{0,99}$/;
/** HubSpot internal property names are lower-case (the same rule as the hubspot-contacts `properties` setting). */
const HUBSPOT_PROPERTY = /^[a-z0-9_]{1,100}$/;

const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/**
 * The process environment as Switchyard reads it. Every variable is documented in .env.example;
 * keep the two in step. Defaults live in app-config.ts so this class only says what is valid.
 */
export class Environment {
  @IsOptional()
  @IsIn(RUNTIME_ENVS)
  RUNTIME_ENV?: (typeof RUNTIME_ENVS)[number];

  @IsOptional()
  @IsString()
  ROLES?: string;

  @IntegerVariable(0, 65535)
  PORT?: number;

  @IsOptional()
  @IsString()
  HOST?: string;

  @IntegerVariable(0, 65535)
  HEALTH_PORT?: number;

  @IsOptional()
  @IsIn(LOG_LEVELS)
  LOG_LEVEL?: (typeof LOG_LEVELS)[number];

  @Transform(emptyToUndefined)
  @ValidateIf(
    (env: Environment) =>
      (env.RUNTIME_ENV !== undefined && env.RUNTIME_ENV !== 'local') || env.DATABASE_URL !== undefined,
  )
  @Matches(/^postgres(ql)?:\/\//, {
    message: 'DATABASE_URL must be a postgres:// connection URL (required unless RUNTIME_ENV=local)',
  })
  DATABASE_URL?: string;

  @IsOptional()
  @IsString()
  DATA_DIR?: string;

  @IntegerVariable(1024, 65535)
  EMBEDDED_POSTGRES_PORT?: number;

  @IntegerVariable(2, 200)
  DATABASE_POOL_SIZE?: number;

  @Transform(emptyToUndefined)
  @ValidateIf((env: Environment) => env.API_SHARED_SECRET !== undefined)
  @Matches(/^.{16,}$/, { message: 'API_SHARED_SECRET must be at least 16 characters' })
  API_SHARED_SECRET?: string;

  @IntegerVariable(1, 100)
  JOB_MAX_ATTEMPTS?: number;

  @IntegerVariable(1)
  JOB_RETRY_BASE_SECONDS?: number;

  @IntegerVariable(1)
  JOB_RETRY_MAX_SECONDS?: number;

  @IntegerVariable(1)
  JOB_TIMEOUT_SECONDS?: number;

  @IntegerVariable(10)
  JOB_HEARTBEAT_SECONDS?: number;

  @IntegerVariable(1, 500)
  WORKER_CONCURRENCY?: number;

  @IntegerVariable(1, 1000)
  WORKER_CHEAP_BATCH_SIZE?: number;

  @IntegerVariable(1)
  WORKER_SHUTDOWN_TIMEOUT_SECONDS?: number;

  @IntegerVariable(1)
  QUEUE_SUPERVISE_INTERVAL_SECONDS?: number;

  @IntegerVariable(5)
  READY_WORKER_HEARTBEAT_WINDOW_SECONDS?: number;

  @IntegerVariable(1024)
  WEBHOOK_MAX_BODY_BYTES?: number;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  GITHUB_WEBHOOK_SECRET?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  DISCORD_BOT_TOKEN?: string;

  @Transform(emptyToUndefined)
  @ValidateIf(
    (env: Environment) =>
      env.RUNTIME_ENV === 'production' || env.RUNTIME_ENV === 'staging' || env.SECRETS_KEY !== undefined,
  )
  // A keyring during a rotation: `new,old`, newest first; each key 32 characters or more.
  @Matches(/^[^,]{32,}(,[^,]{32,})*$/, {
    message:
      'SECRETS_KEY must be at least 32 characters (required when RUNTIME_ENV is production or staging); ' +
      'during a rotation, keys newest first separated by commas (new,old), each at least 32 characters',
  })
  SECRETS_KEY?: string;

  @IntegerVariable(1)
  WEBHOOK_RETENTION_DAYS?: number;

  @IntegerVariable(0)
  WEBHOOK_GLOBAL_RATE_LIMIT_PER_SECOND?: number;

  @IntegerVariable(0)
  WEBHOOK_REFUSED_PER_ADDRESS_PER_MINUTE?: number;

  @IntegerVariable(1, 600)
  WEBHOOK_ANSWER_TIMEOUT_SECONDS?: number;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'WEBHOOK_JWKS_ALLOW_PRIVATE must be true or false' })
  WEBHOOK_JWKS_ALLOW_PRIVATE?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^whsec_[A-Za-z0-9+/]{32,}={0,2}$/, {
    message:
      'HTTP_FORWARD_SECRET must be a Standard Webhooks secret: whsec_ followed by at least 24 random bytes in base64',
  })
  HTTP_FORWARD_SECRET?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'HTTP_FORWARD_ALLOW_PRIVATE must be true or false' })
  HTTP_FORWARD_ALLOW_PRIVATE?: string;

  @IntegerVariable(1, 120)
  HTTP_FORWARD_TIMEOUT_SECONDS?: number;

  @IntegerVariable(1, 600)
  HTTP_FORWARD_DEADLINE_SECONDS?: number;

  @IntegerVariable(1024, 16 * 1024 * 1024)
  HTTP_FORWARD_MAX_RESPONSE_BYTES?: number;

  @IntegerVariable(1, 7 * 24 * 3600)
  HTTP_FORWARD_RETRY_AFTER_MAX_SECONDS?: number;

  @IntegerVariable(0, 600)
  DISCORD_NONCE_WINDOW_SECONDS?: number;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(['on', 'off'], { message: 'DISCORD_COALESCE must be on or off' })
  DISCORD_COALESCE?: string;

  @IntegerVariable(1, 10_000)
  DISCORD_GLOBAL_REQUESTS_PER_SECOND?: number;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'DISCORD_API_URL must be an http(s) URL such as https://discord.com/api' })
  DISCORD_API_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^https?:\/\/[^\s/]+\/?$/, {
    message: 'DISCORD_CDN_URL must be an http(s) origin such as https://cdn.discordapp.com',
  })
  DISCORD_CDN_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  GITHUB_TOKEN?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'GITHUB_API_URL must be an http(s) URL such as https://api.github.com' })
  GITHUB_API_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'ZAMMAD_URL must be an http(s) URL such as https://support.example.com' })
  ZAMMAD_URL?: string;

  // --- People and CRM (src/people) ---

  @Transform(emptyToUndefined)
  @ValidateIf((env: Environment) => env.CRM_SYNC_ENABLED === 'true' || env.ESPO_BASE_URL !== undefined)
  @Matches(HTTP_URL, {
    message:
      "ESPO_BASE_URL must be your EspoCRM's http(s) URL such as https://crm.example.org (required when CRM_SYNC_ENABLED=true)",
  })
  ESPO_BASE_URL?: string;

  @Transform(emptyToUndefined)
  @ValidateIf((env: Environment) => env.CRM_SYNC_ENABLED === 'true' || env.ESPO_API_KEY !== undefined)
  @Matches(/^\S+$/, {
    message: 'ESPO_API_KEY must be the API key of an EspoCRM API user (required when CRM_SYNC_ENABLED=true)',
  })
  ESPO_API_KEY?: string;

  @IntegerVariable(1, 600)
  ESPO_TIMEOUT_SECONDS?: number;

  @IntegerVariable(1, 20)
  ESPO_MAX_ATTEMPTS?: number;

  @IntegerVariable(0, 3600)
  ESPO_RETRY_AFTER_MAX_SECONDS?: number;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'CRM_SYNC_ENABLED must be true or false' })
  CRM_SYNC_ENABLED?: 'true' | 'false';

  @IntegerVariable(60, 86_400)
  CRM_SYNC_INTERVAL_SECONDS?: number;

  @IntegerVariable(1, 200)
  CRM_SYNC_PAGE_SIZE?: number;

  @IntegerVariable(0, 300)
  CRM_REFRESH_DEBOUNCE_SECONDS?: number;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(CRM_FIELD, { message: 'CRM_DISCORD_USERNAME_FIELD must be an EspoCRM attribute name such as cSomething' })
  CRM_DISCORD_USERNAME_FIELD?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(CRM_FIELD, { message: 'CRM_DISCORD_USER_ID_FIELD must be an EspoCRM attribute name such as cSomething' })
  CRM_DISCORD_USER_ID_FIELD?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(CRM_FIELD, { message: 'CRM_GITHUB_FIELD must be an EspoCRM attribute name such as cSomething' })
  CRM_GITHUB_FIELD?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(CRM_FIELD, { message: 'CRM_LINKEDIN_FIELD must be an EspoCRM attribute name such as cSomething' })
  CRM_LINKEDIN_FIELD?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(CRM_FIELD, { message: 'CRM_SKILLS_FIELD must be an EspoCRM attribute name such as cSomething' })
  CRM_SKILLS_FIELD?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(CRM_FIELD, { message: 'CRM_SKILL_ATTRS_FIELD must be an EspoCRM attribute name such as cSomething' })
  CRM_SKILL_ATTRS_FIELD?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(CRM_FIELD, { message: 'CRM_ROLES_FIELD must be an EspoCRM attribute name such as cSomething' })
  CRM_ROLES_FIELD?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(CRM_FIELD, { message: 'CRM_SENIORITY_FIELD must be an EspoCRM attribute name such as cSomething' })
  CRM_SENIORITY_FIELD?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(CRM_FIELD, { message: 'CRM_TIMEZONE_FIELD must be an EspoCRM attribute name such as cSomething' })
  CRM_TIMEZONE_FIELD?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(CRM_FIELD, { message: 'CRM_MEMBER_AGREEMENT_FIELD must be an EspoCRM attribute name such as cSomething' })
  CRM_MEMBER_AGREEMENT_FIELD?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(CRM_FIELD, { message: 'CRM_RESUME_FIELD must be an EspoCRM attribute name such as cSomething' })
  CRM_RESUME_FIELD?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(HUBSPOT_PROPERTY, {
    message: 'HUBSPOT_DISCORD_USER_ID_PROPERTY must be a HubSpot property name such as github_username',
  })
  HUBSPOT_DISCORD_USER_ID_PROPERTY?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(HUBSPOT_PROPERTY, {
    message: 'HUBSPOT_DISCORD_USERNAME_PROPERTY must be a HubSpot property name such as github_username',
  })
  HUBSPOT_DISCORD_USERNAME_PROPERTY?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(HUBSPOT_PROPERTY, {
    message: 'HUBSPOT_GITHUB_PROPERTY must be a HubSpot property name such as github_username',
  })
  HUBSPOT_GITHUB_PROPERTY?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(HUBSPOT_PROPERTY, {
    message: 'HUBSPOT_LINKEDIN_PROPERTY must be a HubSpot property name such as github_username',
  })
  HUBSPOT_LINKEDIN_PROPERTY?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(HUBSPOT_PROPERTY, {
    message: 'HUBSPOT_SKILLS_PROPERTY must be a HubSpot property name such as github_username',
  })
  HUBSPOT_SKILLS_PROPERTY?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(HUBSPOT_PROPERTY, {
    message: 'HUBSPOT_ROLES_PROPERTY must be a HubSpot property name such as github_username',
  })
  HUBSPOT_ROLES_PROPERTY?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(HUBSPOT_PROPERTY, {
    message: 'HUBSPOT_SENIORITY_PROPERTY must be a HubSpot property name such as github_username',
  })
  HUBSPOT_SENIORITY_PROPERTY?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(HUBSPOT_PROPERTY, {
    message: 'HUBSPOT_TIMEZONE_PROPERTY must be a HubSpot property name such as github_username',
  })
  HUBSPOT_TIMEZONE_PROPERTY?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(CRM_FIELD, { message: 'CRM_ID_VERIFIED_FIELD must be an EspoCRM attribute name such as cSomething' })
  CRM_ID_VERIFIED_FIELD?: string;
  // --- Files and resumes (src/storage, src/resumes) ---

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(STORAGE_BACKENDS, { message: `STORAGE_BACKEND must be one of: ${STORAGE_BACKENDS.join(', ')}` })
  STORAGE_BACKEND?: (typeof STORAGE_BACKENDS)[number];

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(HTTP_URL, { message: 'MINIO_ENDPOINT must be an http(s) URL such as http://minio:9000' })
  MINIO_ENDPOINT?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(HTTP_URL, { message: 'MINIO_PUBLIC_ENDPOINT must be an http(s) URL such as https://files.example.org' })
  MINIO_PUBLIC_ENDPOINT?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, {
    message: 'MINIO_INTERNAL_BUCKET must be an S3 bucket name: 3-63 lowercase letters, digits, dots and hyphens',
  })
  MINIO_INTERNAL_BUCKET?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  MINIO_ROOT_USER?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  MINIO_ROOT_PASSWORD?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[a-z0-9-]{2,32}$/, { message: 'MINIO_REGION must be a region name such as us-east-1' })
  MINIO_REGION?: string;

  @IntegerVariable(30, 7 * 24 * 3600)
  FILE_LINK_TTL_SECONDS?: number;

  @IntegerVariable(1, 100)
  MAX_FILE_SIZE_MB?: number;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^\s*[a-z]+\s*(,\s*[a-z]+\s*)*$/i, {
    message: 'ALLOWED_FILE_TYPES must be a comma-separated list of pdf, docx, txt',
  })
  ALLOWED_FILE_TYPES?: string;

  @IntegerVariable(1, 300)
  RESUME_PARSE_TIMEOUT_SECONDS?: number;

  @IntegerVariable(32, 4096)
  RESUME_PARSE_MEMORY_MB?: number;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]{1,40}$/, { message: 'RESUME_EXTRACTOR_VERSION must be a short label such as 1 or 2026-12' })
  RESUME_EXTRACTOR_VERSION?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[A-Za-z]{2}$/, { message: 'RESUME_DEFAULT_COUNTRY must be a two-letter country code such as DE' })
  RESUME_DEFAULT_COUNTRY?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  OPENAI_API_KEY?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(HTTP_URL, { message: 'OPENAI_BASE_URL must be an http(s) URL such as https://api.openai.com/v1' })
  OPENAI_BASE_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[\w.:/@-]{1,100}$/, { message: 'RESUME_AI_MODEL must be a model name such as gpt-4o-mini' })
  RESUME_AI_MODEL?: string;

  @IntegerVariable(1, 600)
  RESUME_AI_TIMEOUT_SECONDS?: number;

  // --- A contact's resumes (POST /process-contact/:id) ---

  @IntegerVariable(1, 20)
  MAX_ATTACHMENTS_PER_CONTACT?: number;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[^,]{1,60}(,[^,]{0,60})*$/, {
    message: 'RESUME_KEYWORDS must be a comma-separated list of skill keywords, each at most 60 characters',
  })
  RESUME_KEYWORDS?: string;

  // --- Resumes from a mailbox (src/people/mail-intake); what is required when it is on: mail-intake-config.ts ---

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(['on', 'off', 'true', 'false'], { message: 'EMAIL_RESUME_INTAKE_ENABLED must be on or off' })
  EMAIL_RESUME_INTAKE_ENABLED?: 'on' | 'off' | 'true' | 'false';

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/, {
    message: 'IMAP_SERVER must be host[:port] such as imap.example.org or imap.example.org:993 ([::1]:143 for IPv6)',
  })
  IMAP_SERVER?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(['tls', 'starttls', 'plain'], { message: 'IMAP_TLS must be tls, starttls or plain' })
  IMAP_TLS?: 'tls' | 'starttls' | 'plain';

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[^\r\n]{1,200}$/, { message: 'IMAP_MAILBOX must be a mailbox name such as INBOX or Resumes' })
  IMAP_MAILBOX?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[^\r\n]{1,200}$/, { message: 'IMAP_PROCESSED_MAILBOX must be a mailbox name such as Processed' })
  IMAP_PROCESSED_MAILBOX?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[^\r\n]{1,320}$/, { message: 'EMAIL_USERNAME must be the IMAP login, one line' })
  EMAIL_USERNAME?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[^\r\n]{1,1000}$/, { message: 'EMAIL_PASSWORD must be one line' })
  EMAIL_PASSWORD?: string;

  @IntegerVariable(5, 86_400)
  CHECK_EMAIL_WAIT?: number;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^\s*\.?[A-Za-z0-9]{1,10}\s*(,\s*\.?[A-Za-z0-9]{1,10}\s*)*$/, {
    message: 'EMAIL_RESUME_ALLOWED_EXTENSIONS must be a comma-separated list of file extensions such as pdf,docx',
  })
  EMAIL_RESUME_ALLOWED_EXTENSIONS?: string;

  @IntegerVariable(1, 100)
  EMAIL_RESUME_MAX_FILE_SIZE_MB?: number;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(['on', 'off', 'true', 'false'], { message: 'EMAIL_REQUIRE_SENDER_AUTH_HEADERS must be on or off' })
  EMAIL_REQUIRE_SENDER_AUTH_HEADERS?: 'on' | 'off' | 'true' | 'false';

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[A-Za-z0-9.-]{1,253}$/, { message: 'EMAIL_AUTHSERV_ID must be a host name such as mx.example.org' })
  EMAIL_AUTHSERV_ID?: string;

  // --- Admin access (src/auth) ---

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(HTTP_URL, {
    message: 'OIDC_ISSUER_URL must be an http(s) URL such as https://login.example.org/realms/acme',
  })
  OIDC_ISSUER_URL?: string;

  @Transform(emptyToUndefined)
  @ValidateIf((env: Environment) => env.OIDC_ISSUER_URL !== undefined || env.OIDC_CLIENT_ID !== undefined)
  @IsString({ message: 'OIDC_CLIENT_ID is required when OIDC_ISSUER_URL is set' })
  OIDC_CLIENT_ID?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  OIDC_CLIENT_SECRET?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/(^|\s)openid(\s|$)/, { message: 'OIDC_SCOPE must contain openid' })
  OIDC_SCOPE?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(RELATIVE_PATH, { message: 'OIDC_CALLBACK_PATH must be a path such as /auth/callback' })
  OIDC_CALLBACK_PATH?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(HTTP_URL, { message: 'OIDC_REDIRECT_BASE_URL must be an http(s) URL such as https://hub.example.org' })
  OIDC_REDIRECT_BASE_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[\w:/.-]+$/, {
    message: 'OIDC_GROUPS_CLAIM must be a claim name, dotted for a nested one (realm_access.roles)',
  })
  OIDC_GROUPS_CLAIM?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  OIDC_ADMIN_GROUPS?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[A-Za-z0-9_.-]{1,64}$/, { message: 'AUTH_SESSION_COOKIE_NAME must be letters, digits, _ . or -' })
  AUTH_SESSION_COOKIE_NAME?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'AUTH_COOKIE_SECURE must be true or false' })
  AUTH_COOKIE_SECURE?: 'true' | 'false';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(SAME_SITE_VALUES, { message: `AUTH_COOKIE_SAMESITE must be one of: ${SAME_SITE_VALUES.join(', ')}` })
  AUTH_COOKIE_SAMESITE?: (typeof SAME_SITE_VALUES)[number];

  @IntegerVariable(60)
  AUTH_SESSION_TTL_SECONDS?: number;

  @IntegerVariable(30)
  AUTH_STATE_TTL_SECONDS?: number;

  @IntegerVariable(1)
  AUTH_RATE_LIMIT_PER_MINUTE?: number;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(BOOTSTRAP_LOGIN_MODES, { message: `AUTH_BOOTSTRAP_LOGIN must be one of: ${BOOTSTRAP_LOGIN_MODES.join(', ')}` })
  AUTH_BOOTSTRAP_LOGIN?: (typeof BOOTSTRAP_LOGIN_MODES)[number];

  @IntegerVariable(60)
  AUTH_BOOTSTRAP_LINK_TTL_SECONDS?: number;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(RELATIVE_PATH, { message: 'DASHBOARD_DEFAULT_PATH must be a path on this server such as /dashboard' })
  DASHBOARD_DEFAULT_PATH?: string;

  @IntegerVariable(1, 100)
  DASHBOARD_LIVE_MAX_STREAMS_PER_SESSION?: number;

  @IntegerVariable(1, 100_000)
  DASHBOARD_LIVE_MAX_STREAMS?: number;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(HTTP_URL, { message: 'GOOGLE_TOKEN_URL must be an http(s) URL such as https://oauth2.googleapis.com/token' })
  GOOGLE_TOKEN_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(HTTP_URL, {
    message: 'GOOGLE_CALENDAR_API_URL must be an http(s) URL such as https://www.googleapis.com/calendar/v3',
  })
  GOOGLE_CALENDAR_API_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(HTTP_URL, { message: 'GOOGLE_GMAIL_API_URL must be an http(s) URL such as https://gmail.googleapis.com' })
  GOOGLE_GMAIL_API_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(HTTP_URL, { message: 'PUBLIC_BASE_URL must be an http(s) URL such as https://hub.example.org' })
  PUBLIC_BASE_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  TRUST_PROXY?: string;

  @IntegerVariable(30)
  DISCORD_LINK_TTL_SECONDS?: number;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(SNOWFLAKE, { message: 'DISCORD_APPLICATION_ID must be a Discord application id (17-20 digits)' })
  DISCORD_APPLICATION_ID?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(SNOWFLAKE, { message: 'DISCORD_GUILD_ID must be a Discord server (guild) id (17-20 digits)' })
  DISCORD_GUILD_ID?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(SNOWFLAKE, { message: 'DISCORD_ADMIN_GUILD_ID must be a Discord server (guild) id (17-20 digits)' })
  DISCORD_ADMIN_GUILD_ID?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^\s*\d{17,20}\s*(,\s*\d{17,20}\s*)*$/, {
    message: 'DISCORD_ADMIN_ROLE_IDS must be Discord role ids (17-20 digits), comma-separated',
  })
  DISCORD_ADMIN_ROLE_IDS?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/[^,\s]/, { message: 'DISCORD_ADMIN_ROLES must name at least one role' })
  DISCORD_ADMIN_ROLES?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(ON_OFF, { message: 'DISCORD_ADMIN_ROLE_NAMES_FALLBACK must be on or off' })
  DISCORD_ADMIN_ROLE_NAMES_FALLBACK?: (typeof ON_OFF)[number];

  @IntegerVariable(1, 45)
  SCHEDULE_CHECK_INTERVAL_SECONDS?: number;

  // Polled sources (src/sync).
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'SYNC_HTTP_ALLOW_PRIVATE must be true or false' })
  SYNC_HTTP_ALLOW_PRIVATE?: string;

  @IntegerVariable(1, 120)
  SYNC_HTTP_TIMEOUT_SECONDS?: number;

  @IntegerVariable(1024, 256 * 1024 * 1024)
  SYNC_MAX_RESPONSE_BYTES?: number;

  @IntegerVariable(256, 64 * 1024 * 1024)
  SYNC_MAX_ITEM_BYTES?: number;

  @IntegerVariable(1, 100_000)
  SYNC_MAX_PAGES_PER_RUN?: number;

  @IntegerVariable(5, 3600)
  SYNC_RUN_MAX_SECONDS?: number;

  @IntegerVariable(0, 100)
  SYNC_SHORT_LISTING_PERCENT?: number;

  @IntegerVariable(0, 300)
  SYNC_RETRY_AFTER_WAIT_MAX_SECONDS?: number;
  // --- Jira and PeopleForce (src/integrations) ---

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(HTTP_URL, { message: 'JIRA_BASE_URL must be an http(s) URL such as https://acme.atlassian.net' })
  JIRA_BASE_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[^\s@]+@[^\s@]+$/, {
    message: 'JIRA_EMAIL must be the email address of the Jira account the API token belongs to',
  })
  JIRA_EMAIL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  JIRA_API_TOKEN?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/\S/, { message: 'JIRA_DONE_SWEEP_JQL must be a JQL query' })
  JIRA_DONE_SWEEP_JQL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(HTTP_URL, {
    message: 'PEOPLEFORCE_BASE_URL must be an http(s) URL such as https://app.peopleforce.io/api/public/v3',
  })
  PEOPLEFORCE_BASE_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  PEOPLEFORCE_API_KEY?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9_-]{0,62}$/, { message: 'PEOPLEFORCE_SOURCE must be a source slug (a-z, 0-9, _ and -)' })
  PEOPLEFORCE_SOURCE?: string;
  // --- Google accounts connected with OAuth (src/integrations/google/oauth; read in google-oauth-config.ts) ---

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^\S+$/, { message: 'GOOGLE_OAUTH_CLIENT_ID must be the OAuth client id (Google Cloud → Credentials)' })
  GOOGLE_OAUTH_CLIENT_ID?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  GOOGLE_OAUTH_CLIENT_SECRET?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(HTTP_URL, { message: 'GOOGLE_OAUTH_AUTHORIZE_URL must be an http(s) URL' })
  GOOGLE_OAUTH_AUTHORIZE_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(HTTP_URL, { message: 'GOOGLE_OAUTH_REVOKE_URL must be an http(s) URL' })
  GOOGLE_OAUTH_REVOKE_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(HTTP_URL, { message: 'GOOGLE_OAUTH_USERINFO_URL must be an http(s) URL' })
  GOOGLE_OAUTH_USERINFO_URL?: string;
  // Operator alerts to Discord and retention (read in ops-config.ts).

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(SNOWFLAKE, { message: 'OPS_ALERT_CHANNEL_ID must be a Discord channel id (17-20 digits)' })
  OPS_ALERT_CHANNEL_ID?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^https?:\/\/[^\s]+\/api(\/v\d+)?\/webhooks\/\d{17,20}\/[\w-]+$/, {
    message: 'OPS_ALERT_WEBHOOK_URL must be a Discord webhook URL (https://discord.com/api/webhooks/<id>/<token>)',
  })
  OPS_ALERT_WEBHOOK_URL?: string;

  @IntegerVariable(10, 86400)
  ALERT_COOLDOWN_SECONDS?: number;

  @IntegerVariable(5, 3600)
  ALERT_CHECK_INTERVAL_SECONDS?: number;

  @IntegerVariable(1)
  ALERT_SIGNATURE_FAILURES?: number;

  @IntegerVariable(1, 99)
  ALERT_DISK_FREE_PERCENT?: number;

  @IntegerVariable(1)
  AUDIT_RETENTION_DAYS?: number;

  @IntegerVariable(1)
  BULK_REPLAY_RETENTION_DAYS?: number;

  @IntegerVariable(1)
  RESOLVED_ALERT_RETENTION_DAYS?: number;

  @IntegerVariable(0)
  STORED_FILE_RETENTION_DAYS?: number;

  @IntegerVariable(1)
  SYNC_TOMBSTONE_RETENTION_DAYS?: number;
}
