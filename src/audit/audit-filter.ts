import { IsDateString, IsIn, IsOptional, Matches, MaxLength } from 'class-validator';
import { Paged } from '../platform/http/paged';
import { AUDIT_SOURCES, AuditSource } from './audit-event.entity';

export const AUDIT_ACTION = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/;

class AuditFilter {
  /** Exact actor id: a Discord user id, an OIDC subject, `api` or `system`. */
  @IsOptional()
  @MaxLength(200)
  actor?: string;

  @IsOptional()
  @IsIn(AUDIT_SOURCES, { message: `source must be one of: ${AUDIT_SOURCES.join(', ')}` })
  source?: AuditSource;

  /** An exact action, or a prefix ending in `*` (`rule.*`). */
  @IsOptional()
  @Matches(/^[a-z0-9_.]{1,100}\*?$/, {
    message: 'action must be an action such as rule.create, or a prefix such as rule.*',
  })
  action?: string;

  @IsOptional()
  @IsDateString({}, { message: 'from must be an ISO 8601 time' })
  from?: string;

  @IsOptional()
  @IsDateString({}, { message: 'to must be an ISO 8601 time' })
  to?: string;
}

export class ListAuditEventsQuery extends Paged(AuditFilter) {}

/** SQL conditions for a filter, appended to `params`. */
export function auditConditions(filter: AuditFilter, params: unknown[]): string[] {
  const where: string[] = [];
  const add = (sql: (n: number) => string, value: unknown) => {
    params.push(value);
    where.push(sql(params.length));
  };
  if (filter.actor) add((n) => `actor_id = $${n}`, filter.actor);
  if (filter.source) add((n) => `source = $${n}`, filter.source);
  if (filter.action?.endsWith('*'))
    add((n) => `action LIKE $${n}`, `${filter.action.slice(0, -1).replace(/_/g, '\\_')}%`);
  else if (filter.action) add((n) => `action = $${n}`, filter.action);
  if (filter.from) add((n) => `at >= $${n}`, filter.from);
  if (filter.to) add((n) => `at < $${n}`, filter.to);
  return where;
}
