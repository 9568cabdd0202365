import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, Matches, ValidateIf } from 'class-validator';
import { IntegerVariable } from './integer-variable.decorator';

export const RUNTIME_ENVS = ['local', 'test', 'staging', 'production'] as const;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const SNOWFLAKE = /^\d{17,20}$/;

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
  @Matches(/^.{32,}$/, {
    message: 'SECRETS_KEY must be at least 32 characters (required when RUNTIME_ENV is production or staging)',
  })
  SECRETS_KEY?: string;

  @IntegerVariable(1)
  WEBHOOK_RETENTION_DAYS?: number;

  @IntegerVariable(0)
  WEBHOOK_GLOBAL_RATE_LIMIT_PER_SECOND?: number;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'DISCORD_API_URL must be an http(s) URL such as https://discord.com/api' })
  DISCORD_API_URL?: string;

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
  @Matches(/[^,\s]/, { message: 'DISCORD_ADMIN_ROLES must name at least one role' })
  DISCORD_ADMIN_ROLES?: string;

  @IntegerVariable(1, 45)
  SCHEDULE_CHECK_INTERVAL_SECONDS?: number;
}
