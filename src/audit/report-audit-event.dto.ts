import { Type } from 'class-transformer';
import { IsIn, IsObject, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { AUDIT_ACTION } from './audit-filter';

/**
 * Sources other systems may report for: what the bot does on a Discord user's behalf. Not
 * `admin_dashboard` (the dashboard records its own events; a token must not speak for it) nor `api`
 * (what tokens do is recorded under their own name).
 */
export const REPORTED_SOURCES = ['discord'] as const;

class ReportedActor {
  /** A Discord user id or an OIDC subject. */
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  id!: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;
}

export class ReportAuditEventDto {
  @IsIn(REPORTED_SOURCES, { message: `source must be one of: ${REPORTED_SOURCES.join(', ')}` })
  source!: (typeof REPORTED_SOURCES)[number];

  @IsObject({ message: 'actor must be an object: {"id": "…", "name": "…"}' })
  @ValidateNested()
  @Type(() => ReportedActor)
  actor!: ReportedActor;

  @Matches(AUDIT_ACTION, { message: 'action must look like thing.verb, e.g. schedule.add' })
  @MaxLength(100)
  action!: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  target?: string;

  @IsOptional()
  @IsObject()
  data?: Record<string, unknown>;
}
