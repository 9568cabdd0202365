import { IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';
import { RESERVED_WEBHOOK_PATHS } from '../ingest/ingest-route';
import { webhookProviders } from '../providers/provider-registry';

const PROVIDER_IDS = [...webhookProviders.keys()];

export class CreateSourceDto {
  @Matches(/^[a-z0-9][a-z0-9_-]{0,62}$/, { message: 'slug must be lower-case letters, digits, - or _ (at most 63)' })
  slug!: string;

  @IsIn(PROVIDER_IDS, { message: `provider must be one of: ${PROVIDER_IDS.join(', ')}` })
  provider!: string;

  /** Leave out to have a strong secret generated (returned once). */
  @IsOptional()
  @IsString()
  @MinLength(8)
  secret?: string;

  @IsOptional()
  @IsObject()
  settings?: Record<string, unknown>;

  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  rateLimitPerMinute?: number;
}

export class UpdateSourceDto {
  @IsOptional()
  @IsObject()
  settings?: Record<string, unknown>;

  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  /** null removes the limit. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  rateLimitPerMinute?: number | null;
}

export class RotateSecretDto {
  /** Leave out to have one generated (returned once). */
  @IsOptional()
  @IsString()
  @MinLength(8)
  secret?: string;

  /** How long the secrets in use now stay valid beside the new one (default 24 h; 0 = retire at once). */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(90 * 24 * 3600)
  previousValidForSeconds?: number;
}

export const isReservedSlug = (slug: string) => RESERVED_WEBHOOK_PATHS.includes(slug);
