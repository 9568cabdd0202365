/**
 * What an API token may do. Each admin API route needs exactly one scope (its rule in
 * access-rules.ts names it); admin sessions and API_SHARED_SECRET (the bootstrap token) hold all.
 * Every use of a scope that changes something (all but the `:read` ones) is in the audit trail
 * under the token's name.
 */
export const TOKEN_SCOPES = [
  'events:read',
  'events:replay',
  'sources:write',
  'rules:read',
  'rules:write',
  'jobs:read',
  'jobs:write',
  'audit:read',
  'audit:write',
  'links:issue',
  'tokens:read',
  'tokens:write',
  'resumes:read',
  'resumes:write',
  'metrics:read',
  'people:read',
  'people:write',
  'sync:read',
  'sync:write',
] as const;

export type Scope = (typeof TOKEN_SCOPES)[number];

export const isScope = (value: unknown): value is Scope =>
  typeof value === 'string' && (TOKEN_SCOPES as readonly string[]).includes(value);

/** What each scope opens, as the dashboard and the docs say it. */
export const SCOPE_DESCRIPTIONS: Record<Scope, string> = {
  'events:read':
    'read stored webhooks, sources, bulk replays and refused deliveries; dry-run rules and templates on them',
  'events:replay': 'replay stored webhooks, one or in bulk',
  'sources:write': 'add sources, change them, rotate their secrets',
  'rules:read': 'read routing rules and message templates (full rule text, URLs included)',
  'rules:write': 'add, change, reorder and delete rules and templates',
  'jobs:read': 'read jobs and delivery state (open alerts, parked Discord channels, disabled forward targets)',
  'jobs:write': 'retry, cancel, redrive and discard jobs; unpark channels and re-enable forward targets',
  'audit:read': 'read the audit trail',
  'audit:write': 'report actions taken elsewhere (source discord) to the audit trail',
  'links:issue': 'issue one-time dashboard sign-in links for Discord admins (the bot)',
  'tokens:read': 'list API tokens',
  'tokens:write': 'create and revoke API tokens, with no scope the token itself lacks',
  'resumes:read': 'read resume extractions and their previews (proposed contact fields)',
  'resumes:write': 'upload resumes for extraction',
  'metrics:read': 'scrape GET /metrics (Prometheus): counts and gauges, no ids or payloads',
  'people:read': 'search the people cache (EspoCRM contacts) and read its sync runs',
  'people:write': "start a full people sync; register Switchyard's webhooks in EspoCRM; check the resume mailbox now",
  'sync:read': 'read sync sources (polled APIs), their schedule and runs, and the connected Google accounts',
  'sync:write':
    'add, change, pause, resume and remove sync sources; run one now; accept its deletions; revoke Google accounts',
};
