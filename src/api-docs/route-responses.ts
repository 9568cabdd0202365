import type { SchemaObject } from '@nestjs/swagger';
import type { RouteKey } from '../auth/access/route-rule';
import { ref } from './response-schemas';

/** A route's successful answer: its status and body (none for 204 and redirects). */
export interface RouteAnswer {
  status: number;
  description: string;
  schema?: SchemaObject;
  /** The body's media type when it is not JSON. */
  contentType?: string;
}

const json = (status: number, description: string, schema: SchemaObject): RouteAnswer => ({
  status,
  description,
  schema,
});
const wrapped = (key: string, item: string): SchemaObject => ({
  type: 'object',
  properties: { [key]: { type: 'array', items: ref(item) } },
  required: [key],
});
const counted = (key: string): SchemaObject => ({
  type: 'object',
  properties: { [key]: { type: 'integer' } },
  required: [key],
});

/** POST /process-contact/:id's merged skill proposal (src/people/resumes/skill-proposal.ts). */
const skillProposal: SchemaObject = {
  type: 'object',
  description:
    "One skill proposal across the contact's resumes: the union of their skills (deduplicated ignoring case), " +
    'strongest evidence (most resumes naming it) first; skills the contact has in EspoCRM marked and not proposed',
  properties: {
    status: { type: 'string', enum: ['pending', 'ready'], description: '`pending` while an extraction still runs' },
    contactId: { type: 'string' },
    extractionIds: { type: 'array', items: { type: 'string', format: 'uuid' } },
    proposalUrl: { type: 'string', description: 'GET it for the proposal once the extractions have finished' },
    comparedWithContact: { type: 'boolean' },
    skills: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          name: { type: 'string' },
          evidence: { type: 'integer', description: 'How many of the resumes name it' },
          foundIn: {
            type: 'array',
            items: {
              type: 'object',
              properties: { extractionId: { type: 'string', format: 'uuid' }, fileName: { type: 'string' } },
              required: ['extractionId', 'fileName'],
            },
          },
          alreadyInCrm: { type: 'boolean' },
        },
        required: ['name', 'evidence', 'foundIn', 'alreadyInCrm'],
      },
    },
    proposed: { type: 'array', items: { type: 'string' } },
    alreadyPresent: { type: 'array', items: { type: 'string' } },
    pending: { type: 'array', items: { type: 'string', format: 'uuid' } },
    failed: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          extractionId: { type: 'string', format: 'uuid' },
          fileName: { type: 'string' },
          error: { type: 'string' },
        },
        required: ['extractionId', 'fileName', 'error'],
      },
    },
  },
  required: [
    'status',
    'contactId',
    'extractionIds',
    'proposalUrl',
    'comparedWithContact',
    'skills',
    'proposed',
    'alreadyPresent',
    'pending',
    'failed',
  ],
};

/**
 * The answers of the JSON routes. Dashboard pages (text/html, or 303 back to a page) and the
 * sign-in redirects are described from their kind; a JSON route missing here fails the API
 * reference test.
 */
export const ROUTE_ANSWERS: Partial<Record<RouteKey, RouteAnswer>> = {
  'GET /metrics': {
    status: 200,
    description: 'Prometheus text exposition format (version 0.0.4)',
    schema: { type: 'string' },
    contentType: 'text/plain; version=0.0.4',
  },
  'GET /health': json(200, 'Alive (503 when a part cannot recover by itself)', ref('Health')),
  'GET /ready': json(
    200,
    'Ready: database, queue and worker checks pass (503 with each check otherwise)',
    ref('Health'),
  ),

  'GET /webhooks/sources': json(200, 'Every source: webhook sources (kind webhook), then polled ones (kind sync)', {
    type: 'array',
    items: { oneOf: [ref('Source'), ref('SyncSource')] },
  }),
  'GET /webhooks/sources/:slug': json(200, 'The source', ref('Source')),
  'POST /webhooks/sources': json(201, 'Created; the secret is in this answer only', ref('SourceWithSecret')),
  'PATCH /webhooks/sources/:slug': json(200, 'Updated', ref('Source')),
  'POST /webhooks/sources/:slug/rotate': json(
    200,
    'A new secret (this answer only); the old ones stay valid for the grace period',
    ref('SourceWithSecret'),
  ),
  'POST /webhooks/sources/:slug/disable': json(200, 'Disabled: deliveries get 403', ref('Source')),
  'POST /webhooks/sources/:slug/enable': json(200, 'Enabled', ref('Source')),

  'GET /sync/sources': json(200, 'Every polled source with its last run', { type: 'array', items: ref('SyncSource') }),
  'GET /sync/sources/:slug': json(200, 'The source and its latest runs', ref('SyncSourceDetail')),
  'POST /sync/sources': json(201, 'Created, with its schedule (none while paused)', ref('SyncSource')),
  'PATCH /sync/sources/:slug': json(200, 'Updated, its schedule with it', ref('SyncSource')),
  'DELETE /sync/sources/:slug': json(200, 'Removed with its state and runs; its events stay', {
    type: 'object',
    properties: { slug: { type: 'string' }, removed: { type: 'boolean' } },
    required: ['slug', 'removed'],
  }),
  'POST /sync/sources/:slug/pause': json(200, 'Paused: its schedule is removed', ref('SyncSource')),
  'POST /sync/sources/:slug/resume': json(200, 'Resumed: its schedule is back', ref('SyncSource')),
  'POST /sync/sources/:slug/run': json(202, 'Sync now: a run queued, or the one waiting made due', ref('SyncRunNow')),
  'GET /sync/sources/:slug/watch': json(200, 'Its Google Calendar watch channels, newest first', ref('CalendarWatch')),
  'POST /sync/sources/:slug/watch': json(
    200,
    'A new watch channel opened (towards PUBLIC_BASE_URL/webhooks/<pushSource>) and the old ones stopped',
    ref('CalendarWatchRenewed'),
  ),
  'DELETE /sync/sources/:slug/watch': json(
    200,
    'Its open channels stopped (polling goes on)',
    ref('CalendarWatchStopped'),
  ),
  'POST /sync/sources/:slug/accept-deletions': json(
    200,
    'The next complete listing may delete what it does not list',
    ref('SyncSource'),
  ),
  'GET /sync/sources/:slug/gmail-watch': json(200, "A Gmail source's push watch, or {source, watched: false}", {
    anyOf: [
      ref('GmailWatch'),
      {
        type: 'object',
        properties: { source: { type: 'string' }, watched: { type: 'boolean' } },
        required: ['source', 'watched'],
      },
    ],
  }),
  'POST /sync/sources/:slug/gmail-watch': json(200, 'Gmail renewed the watch (users.watch)', ref('GmailWatch')),
  'DELETE /sync/sources/:slug/gmail-watch': json(200, 'Gmail stopped pushing (users.stop)', {
    type: 'object',
    properties: { source: { type: 'string' }, stopped: { type: 'boolean' } },
    required: ['source', 'stopped'],
  }),

  'GET /webhooks/events': json(200, 'A page of stored deliveries, newest first', ref('EventPage')),
  'GET /webhooks/events/:id': json(200, 'The delivery as stored (headers redacted)', ref('EventDetail')),
  'POST /webhooks/events/:id/replay': json(202, 'Routed again by a new job', ref('Replayed')),
  'POST /webhooks/replays': json(202, 'Started in the background', ref('BulkReplay')),
  'GET /webhooks/replays/:id': json(200, 'Its progress', ref('BulkReplay')),
  'GET /webhooks/rejections': json(
    200,
    'Refusals by source and reason since this process started, and the latest',
    ref('Rejections'),
  ),

  'GET /rules': json(200, 'Every rule, in order', { type: 'array', items: ref('Rule') }),
  'POST /rules': json(201, 'Created (a rule that does not parse is 400 with the line and column)', ref('Rule')),
  'POST /rules/test': json(200, 'Whether it matches and the exact message; nothing is posted', ref('RuleTest')),
  'PUT /rules/order': json(200, 'Every rule in the new order', { type: 'array', items: ref('Rule') }),
  'PATCH /rules/:id': json(200, 'Updated', ref('Rule')),
  'DELETE /rules/:id': { status: 204, description: 'Deleted' },

  'GET /templates': json(200, 'Stored templates and the built-in names', ref('TemplateList')),
  'POST /templates/preview': json(200, 'The rendered message; nothing is posted', ref('Preview')),
  'PUT /templates/:name': json(200, 'Saved (created or replaced)', ref('Template')),
  'DELETE /templates/:name': { status: 204, description: 'Deleted (409 while a rule uses it)' },

  'GET /jobs': json(200, 'A page of jobs, newest first', ref('JobPage')),
  'GET /jobs/:id': json(200, 'The job', ref('Job')),
  'POST /jobs/:id/retry': json(200, 'Queued again (dead or canceled jobs)', ref('Job')),
  'POST /jobs/:id/cancel': json(200, 'Canceled', ref('Job')),
  'POST /jobs/:id/redrive': json(200, 'A dead job back in its queue with a fresh attempt count', ref('Job')),
  'POST /jobs/:id/discard': json(200, 'A dead job dropped for good (what waited behind it goes ahead)', ref('Job')),
  'POST /jobs/dead/redrive': json(
    200,
    'How many dead jobs went back to their queue, and how many were superseded (canceled) because a newer job of their key stands in for them on a one-at-a-time queue',
    {
      type: 'object',
      properties: { redriven: { type: 'integer' }, superseded: { type: 'integer' } },
      required: ['redriven', 'superseded'],
    },
  ),
  'POST /jobs/dead/discard': json(200, 'How many dead jobs of the type were dropped', counted('discarded')),

  'GET /alerts': json(200, 'Open operator alerts', wrapped('alerts', 'OperatorAlert')),
  'GET /discord/channels/parked': json(200, 'Parked Discord channels', wrapped('channels', 'ParkedChannel')),
  'POST /discord/channels/:id/unpark': json(200, 'Unparked; its held posts are delivered again, in order', {
    type: 'object',
    properties: { channelId: { type: 'string' }, redriven: { type: 'array', items: { type: 'string' } } },
    required: ['channelId', 'redriven'],
  }),
  'GET /forward/targets/disabled': json(
    200,
    'http.forward targets disabled by a 410',
    wrapped('targets', 'DisabledTarget'),
  ),
  'POST /forward/targets/enable': json(200, 'Enabled again', {
    type: 'object',
    properties: { url: { type: 'string' }, enabled: { type: 'boolean', enum: [true] } },
    required: ['url', 'enabled'],
  }),

  // Files and resumes.
  'POST /jobs/resume-extract': json(
    202,
    'Stored and queued (or, for a file already in the ledger, its entry with `duplicate: true`)',
    ref('ResumeExtraction'),
  ),
  'GET /jobs/resume-extract/:id': json(200, 'The extraction: its preview, or why it failed', ref('ResumeExtraction')),
  'POST /process-contact/:id': json(
    202,
    "The contact's resume attachments queued for extraction, those skipped, and the one merged skill proposal",
    {
      type: 'object',
      properties: {
        contactId: { type: 'string' },
        extractionIds: { type: 'array', items: { type: 'string', format: 'uuid' } },
        extractions: { type: 'array', items: ref('ResumeExtraction') },
        skipped: {
          type: 'array',
          items: {
            type: 'object',
            properties: { attachmentId: { type: 'string' }, status: { type: 'integer' }, reason: { type: 'string' } },
            required: ['attachmentId', 'status', 'reason'],
          },
        },
        proposal: skillProposal,
      },
      required: ['contactId', 'extractionIds', 'extractions', 'skipped', 'proposal'],
    },
  ),
  'GET /process-contact/:id/proposal': json(
    200,
    "The merged skill proposal of the contact's extractions, compared with its skills in EspoCRM now",
    skillProposal,
  ),
  'POST /jobs/resume-apply': json(
    200,
    'What really changed on the contact, per confirmed field (failed fields with the reason)',
    {
      type: 'object',
      properties: {
        extractionId: { type: 'string', format: 'uuid' },
        contactId: { type: 'string' },
        complete: { type: 'boolean', description: 'false when EspoCRM refused some fields' },
        failed: { type: 'array', items: { type: 'string' } },
        fields: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              field: { type: 'string' },
              status: { type: 'string', enum: ['changed', 'unchanged', 'failed'] },
              before: {},
              after: {},
              error: { type: 'string' },
            },
            required: ['field', 'status', 'before', 'after'],
          },
        },
      },
      required: ['extractionId', 'contactId', 'complete', 'failed', 'fields'],
    },
  ),

  // People and CRM.
  'GET /people': json(200, 'People matching the search, and how many in all', {
    type: 'object',
    properties: { people: { type: 'array', items: ref('Person') }, total: { type: 'integer' } },
    required: ['people', 'total'],
  }),
  'GET /people/:id': json(200, 'The person', ref('Person')),
  'GET /people/:id/resumes': json(
    200,
    "The person's resumes: the contact's resume field in EspoCRM (as last synced), then files stored by the resume pipeline",
    {
      type: 'object',
      properties: {
        personId: { type: 'string', format: 'uuid' },
        crmId: { type: 'string' },
        files: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              ref: {
                type: 'string',
                description: '`crm-<attachmentId>` or `stored-<extractionId>`: the `:file` of the link route',
              },
              source: { type: 'string', enum: ['crm', 'stored'] },
              name: { type: 'string' },
              type: { anyOf: [{ type: 'string' }, { type: 'null' }] },
              attachmentId: { type: 'string' },
              extractionId: { type: 'string', format: 'uuid' },
              size: { type: 'integer' },
              storedAt: { type: 'string', format: 'date-time' },
            },
            required: ['ref', 'source', 'name', 'type'],
          },
        },
      },
      required: ['personId', 'crmId', 'files'],
    },
  ),
  'POST /people/:id/resumes/:file/link': json(
    200,
    "An expiring download link (FILE_LINK_TTL_SECONDS): the api's signed `/files/<token>` on disk, presigned on S3. " +
      "A CRM attachment is checked against the contact's resume field in EspoCRM and copied into storage first " +
      '(404 when it is not there, 410 when a stored file was removed by retention)',
    {
      type: 'object',
      properties: {
        url: { type: 'string', format: 'uri' },
        expiresAt: { type: 'string', format: 'date-time' },
        file: {
          type: 'object',
          properties: { name: { type: 'string' }, contentType: { type: 'string' } },
          required: ['name', 'contentType'],
        },
      },
      required: ['url', 'expiresAt', 'file'],
    },
  ),
  'GET /sync/people/runs': json(200, 'The latest people sync runs with their counts', {
    type: 'object',
    properties: { runs: { type: 'array', items: { type: 'object', additionalProperties: true } } },
    required: ['runs'],
  }),
  'POST /sync/people': json(202, 'A full people sync queued (503 when the CRM is not configured)', {
    type: 'object',
    additionalProperties: true,
  }),
  'POST /people/crm-webhooks': json(201, "The CRM webhooks registered for this Switchyard's public URL", {
    type: 'object',
    properties: { webhooks: { type: 'array', items: { type: 'object', additionalProperties: true } } },
    required: ['webhooks'],
  }),
  'GET /people/mail-intake': json(
    200,
    'The mailbox intake: settings (no password), the last poll and its error, counts, the latest polls and handled messages',
    {
      type: 'object',
      properties: {
        enabled: { type: 'boolean' },
        lastPoll: { anyOf: [{ type: 'object', additionalProperties: true }, { type: 'null' }] },
        lastError: { anyOf: [{ type: 'string' }, { type: 'null' }] },
        counts: {
          type: 'object',
          properties: { taken: { type: 'integer' }, skipped: { type: 'integer' } },
          required: ['taken', 'skipped'],
        },
        polls: { type: 'array', items: { type: 'object', additionalProperties: true } },
        messages: { type: 'array', items: { type: 'object', additionalProperties: true } },
      },
      required: ['enabled', 'lastPoll', 'lastError', 'counts', 'polls', 'messages'],
      additionalProperties: true,
    },
  ),
  'POST /people/mail-intake/poll': json(
    202,
    'A poll of the mailbox due now (or the one already queued made due now; 409 when the intake is off)',
    {
      type: 'object',
      properties: { jobId: { type: 'string' }, queued: { type: 'boolean' }, state: { type: 'string' } },
      required: ['jobId', 'queued'],
    },
  ),

  'GET /audit/events': json(200, 'A page of the audit trail, newest first', ref('AuditPage')),
  'POST /audit/events': json(201, 'Recorded, naming the token that reported it', ref('AuditEvent')),

  'GET /auth/me': json(200, 'The signed-in person and the CSRF token for changes', ref('Me')),
  'POST /auth/logout': { status: 204, description: 'Signed out (the session is deleted server-side)' },
  'POST /auth/discord/links': json(201, 'A one-time sign-in link for a Discord admin (403 for anyone else)', {
    type: 'object',
    properties: { url: { type: 'string', format: 'uri' }, expiresAt: { type: 'string', format: 'date-time' } },
    required: ['url', 'expiresAt'],
  }),
  'GET /google/accounts': json(
    200,
    'Connected Google accounts (never their tokens)',
    wrapped('accounts', 'GoogleAccount'),
  ),
  'DELETE /google/accounts/:id': json(
    200,
    'Revoked at Google, then marked revoked here (its token dropped); 502 and nothing changed when Google cannot be reached',
    ref('GoogleAccount'),
  ),
  'GET /auth/tokens': json(200, 'Every token (never their secrets)', wrapped('tokens', 'ApiToken')),
  'POST /auth/tokens': json(201, 'Made; the secret `token` is in this answer only (no-store)', ref('ApiTokenCreated')),
  'DELETE /auth/tokens/:id': json(200, 'Revoked: 401 from now on', ref('ApiToken')),
};
