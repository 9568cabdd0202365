import { IsDateString, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

/** pending: waiting for the router; queued: a routing job has it (replay, enrichment, retry). */
export const ROUTING_STATUSES = ['pending', 'queued', 'routed', 'failed'] as const;

/** Which stored events a list or a bulk replay is about. */
export class EventFilter {
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9_-]{0,62}$/, { message: 'source must be a source slug' })
  source?: string;

  /** An exact type, or a prefix ending in `*` (`github.pull_request.*`). */
  @IsOptional()
  @Matches(/^[\w.:-]{1,200}\*?$/, { message: 'type must be an event type, optionally ending in *' })
  type?: string;

  @IsOptional()
  @IsIn(ROUTING_STATUSES, { message: `status must be one of: ${ROUTING_STATUSES.join(', ')}` })
  status?: (typeof ROUTING_STATUSES)[number];

  @IsOptional()
  @IsDateString({}, { message: 'from must be an ISO 8601 time' })
  from?: string;

  @IsOptional()
  @IsDateString({}, { message: 'to must be an ISO 8601 time' })
  to?: string;

  /** Text the one-line description contains (any case). */
  @IsOptional()
  @IsString()
  @MaxLength(200, { message: 'q must be at most 200 characters' })
  q?: string;
}

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, '\\$&')}%`;

/** SQL conditions for a filter, appended to `params`. */
export function filterConditions(filter: EventFilter, params: unknown[]): string[] {
  const where: string[] = [];
  const add = (sql: (n: number) => string, value: unknown) => {
    params.push(value);
    where.push(sql(params.length));
  };
  if (filter.source) add((n) => `source = $${n}`, filter.source);
  if (filter.type?.endsWith('*'))
    add((n) => `event_type LIKE $${n}`, `${filter.type.slice(0, -1).replace(/[\\%_]/g, '\\$&')}%`);
  else if (filter.type) add((n) => `event_type = $${n}`, filter.type);
  if (filter.status) add((n) => `routing_status = $${n}`, filter.status);
  if (filter.from) add((n) => `received_at >= $${n}`, filter.from);
  if (filter.to) add((n) => `received_at < $${n}`, filter.to);
  // No index: the newest-first scan stops once a page is full, so it costs little until a search matches nothing.
  if (filter.q) add((n) => `description ILIKE $${n}`, likePattern(filter.q));
  return where;
}
