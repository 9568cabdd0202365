import type { SchemaObject } from '@nestjs/swagger';
import { TOKEN_SCOPES } from '../auth/tokens/token-scopes';
import { JOB_STATES } from '../jobs/job-state';

const str: SchemaObject = { type: 'string' };
const time: SchemaObject = { type: 'string', format: 'date-time' };
const uuid: SchemaObject = { type: 'string', format: 'uuid' };
const int: SchemaObject = { type: 'integer' };
const bool: SchemaObject = { type: 'boolean' };
const anything: SchemaObject = {};
const nullable = (schema: SchemaObject): SchemaObject => ({ anyOf: [schema, { type: 'null' }] });
export const ref = (name: string): SchemaObject => ({ $ref: `#/components/schemas/${name}` }) as SchemaObject;
const list = (items: SchemaObject): SchemaObject => ({ type: 'array', items });
const object = (properties: Record<string, SchemaObject>, description?: string): SchemaObject => ({
  type: 'object',
  properties,
  required: Object.keys(properties),
  ...(description ? { description } : {}),
});
const page = (key: string, item: string): SchemaObject =>
  object({
    [key]: list(ref(item)),
    next: { ...nullable(str), description: 'The `cursor` of the next page; null on the last' },
  });
const actor = object({ id: str, name: nullable(str) });

/** The answers' shapes, shared by the routes (components/schemas). */
export const RESPONSE_SCHEMAS: Record<string, SchemaObject> = {
  Error: object(
    {
      statusCode: int,
      message: { anyOf: [str, list(str)], description: 'The reason, for a person' },
      error: str,
    },
    'Every refusal: the status and the reason',
  ),
  Job: object({
    id: uuid,
    type: { ...str, description: 'The queue, such as webhook.route or discord.post' },
    state: { type: 'string', enum: [...JOB_STATES] },
    attempts: int,
    maxAttempts: int,
    runAfter: time,
    createdAt: time,
    startedAt: nullable(time),
    finishedAt: nullable(time),
    data: anything,
    result: anything,
    lastError: anything,
  }),
  JobPage: page('jobs', 'Job'),
  Source: object({
    slug: str,
    provider: str,
    url: { ...str, description: 'Where the provider delivers: PUBLIC_BASE_URL + /webhooks/<slug>' },
    settings: { type: 'object', additionalProperties: true },
    enabled: bool,
    rateLimitPerMinute: nullable(int),
    secrets: list(object({ id: str, createdAt: time, expiresAt: nullable(time) })),
    createdAt: time,
    updatedAt: time,
  }),
  SourceWithSecret: {
    allOf: [ref('Source'), object({ secret: { ...str, description: 'Shown in this answer only' } })],
  },
  Event: object({
    id: uuid,
    source: str,
    provider: str,
    type: str,
    providerType: str,
    deliveryId: str,
    description: str,
    receivedAt: time,
    routingStatus: str,
    routedAt: nullable(time),
    routeJobId: nullable(uuid),
    enrichment: nullable(object({ status: str, reason: nullable(str) })),
  }),
  EventDetail: {
    allOf: [
      ref('Event'),
      object({
        headers: { type: 'object', additionalProperties: true, description: 'Credentials redacted' },
        body: anything,
        verification: anything,
        extra: anything,
      }),
    ],
  },
  EventPage: page('events', 'Event'),
  Replayed: object({ eventId: uuid, jobId: uuid }),
  BulkReplay: object({
    id: uuid,
    filter: { type: 'object', additionalProperties: true },
    state: str,
    total: int,
    done: int,
    progress: { type: 'number', minimum: 0, maximum: 1 },
    error: nullable(str),
    createdAt: time,
    finishedAt: nullable(time),
  }),
  Rejections: object({
    counts: { type: 'object', additionalProperties: { type: 'object', additionalProperties: int } },
    recent: list(object({ at: time, source: str, reason: str, status: int, message: str, requestId: str })),
  }),
  Rule: object({
    id: uuid,
    text: str,
    enabled: bool,
    position: int,
    parsed: { type: 'object', additionalProperties: true },
    createdAt: time,
    updatedAt: time,
  }),
  RuleTest: object({
    matches: bool,
    action: { type: 'object', additionalProperties: true },
    message: {
      ...nullable({ type: 'object', additionalProperties: true }),
      description: 'What discord.post would send',
    },
  }),
  Template: object({ name: str, body: str, description: nullable(str), createdAt: time, updatedAt: time }),
  TemplateList: object({ templates: list(ref('Template')), builtIn: list(str) }),
  Preview: object({ message: { type: 'object', additionalProperties: true } }),
  ApiToken: object({
    id: uuid,
    name: str,
    scopes: list({ type: 'string', enum: [...TOKEN_SCOPES] }),
    createdAt: time,
    createdBy: actor,
    lastUsedAt: nullable(time),
    revokedAt: nullable(time),
    revokedBy: nullable(actor),
  }),
  GoogleAccount: object({
    id: { ...uuid, description: 'What a sync source names: `{"type":"oauth_account","accountId":"<id>"}`' },
    email: str,
    scopes: { ...list(str), description: "Google's scopes as granted" },
    status: { type: 'string', enum: ['connected', 'needs_reconnect', 'revoked'] },
    needsReconnectReason: nullable(str),
    connectedBy: actor,
    createdAt: time,
    connectedAt: time,
    lastUsedAt: nullable(time),
    revokedAt: nullable(time),
    revokedBy: nullable(actor),
  }),
  ApiTokenCreated: {
    allOf: [ref('ApiToken'), object({ token: { ...str, description: '`sy_…`: shown in this answer only' } })],
  },
  AuditEvent: object({
    id: str,
    at: time,
    source: str,
    actor,
    action: str,
    target: nullable(str),
    data: anything,
    via: nullable(actor),
  }),
  AuditPage: page('events', 'AuditEvent'),
  OperatorAlert: object({
    id: str,
    kind: str,
    subject: str,
    message: str,
    details: { type: 'object', additionalProperties: true },
    raisedAt: time,
    lastRaisedAt: time,
    times: int,
    resolvedAt: nullable(time),
    resolvedBy: nullable(str),
  }),
  ParkedChannel: object({ channelId: str, reason: str, jobId: nullable(uuid), parkedAt: time }),
  DisabledTarget: object({ url: str, status: int, reason: str, jobId: nullable(uuid), disabledAt: time }),
  Me: object({
    subject: str,
    name: nullable(str),
    email: nullable(str),
    groups: list(str),
    admin: bool,
    method: str,
    expiresAt: time,
    csrfToken: { ...str, description: 'Send as X-CSRF-Token on changes made with this session' },
  }),
  // Polled sources (src/sync).
  SyncRun: object({
    id: uuid,
    source: str,
    jobId: nullable(uuid),
    trigger: { type: 'string', enum: ['schedule', 'manual', 'follow-up', 'push'] },
    status: { type: 'string', enum: ['running', 'succeeded', 'failed'] },
    startedAt: time,
    finishedAt: nullable(time),
    durationMs: nullable(int),
    pages: int,
    seen: int,
    created: int,
    updated: int,
    deleted: int,
    unchanged: int,
    failed: int,
    listingComplete: bool,
    incremental: { ...bool, description: 'The listing was of the changes since the stored sync token (no sweep)' },
    stateDiscarded: {
      ...nullable(str),
      description: 'Why the stored sync token was discarded and the source listed in full (it expired)',
    },
    deletionsRefused: { ...nullable(str), description: 'Why the deletions of a complete listing were refused' },
    error: { ...nullable(str), description: 'Why the run failed (nothing of it was applied)' },
  }),
  SyncSource: object({
    kind: { type: 'string', enum: ['sync'] },
    slug: str,
    connector: str,
    resource: { ...str, description: 'The middle of its event types: <source>.<resource>.created|updated|deleted' },
    settings: { type: 'object', additionalProperties: true },
    hasSecret: { ...bool, description: 'Whether a credential is stored (sealed; never shown)' },
    intervalSeconds: int,
    schedule: { ...str, description: 'The pg-boss cron of its schedule' },
    paused: bool,
    listingInProgress: nullable(object({ seen: int })),
    lastCompleteListing: nullable(object({ count: int, at: time })),
    lastRun: nullable(ref('SyncRun')),
    eventsUrl: str,
    createdAt: time,
    updatedAt: time,
  }),
  SyncSourceDetail: { allOf: [ref('SyncSource'), object({ runs: list(ref('SyncRun')) })] },
  CalendarChannel: object({
    id: str,
    source: str,
    calendarId: str,
    resourceId: str,
    resourceUri: nullable(str),
    address: { ...str, description: 'Where Google posts its notifications' },
    expiresAt: time,
    createdAt: time,
    stoppedAt: nullable(time),
  }),
  CalendarWatch: object({ slug: str, channels: list(ref('CalendarChannel')) }),
  CalendarWatchRenewed: object({
    slug: str,
    channel: ref('CalendarChannel'),
    stopped: { ...list(str), description: 'The channels it replaced, stopped' },
  }),
  CalendarWatchStopped: object({ slug: str, stopped: list(str) }),
  SyncRunNow: object({
    slug: str,
    queued: { ...bool, description: 'false: a run was queued already (made due now) or is running' },
    jobId: uuid,
  }),
  GmailWatch: object(
    {
      source: str,
      topicName: { ...str, description: 'The Pub/Sub topic Gmail publishes to' },
      historyId: { ...nullable(str), description: 'The history id Gmail answered when it last renewed the watch' },
      expiresAt: { ...nullable(time), description: 'When Gmail stops pushing unless the watch is renewed' },
      renewedAt: nullable(time),
      lastError: { ...nullable(str), description: 'Why the last scheduled renewal failed' },
      lastAttemptAt: time,
    },
    "A gmail-messages source's push watch (users.watch)",
  ),
  Person: {
    type: 'object',
    description: 'A person of the people cache (a CRM contact as mapped)',
    properties: {
      id: str,
      crm: { type: 'string', enum: ['espocrm', 'hubspot'], description: 'Which CRM the contact is in' },
      crmId: { ...str, description: "The contact's id in that CRM (unique per CRM only)" },
    },
    required: ['id', 'crm', 'crmId'],
    additionalProperties: true,
  },
  Health: object({ status: str, checks: { type: 'object', additionalProperties: true } }),
  ResumeExtraction: (() => {
    const schema = object({
      id: uuid,
      status: { type: 'string', enum: ['queued', 'succeeded', 'failed'] },
      jobId: nullable(uuid),
      contactId: nullable(str),
      extractorVersion: str,
      file: object({ sha256: str, name: str, type: { type: 'string', enum: ['pdf', 'docx', 'txt'] }, size: int }),
      preview: {
        ...nullable({ type: 'object', additionalProperties: true }),
        description: '`{extractor, model?, fallbackReason?, profile, changes[{field, current, proposed, kind}], ...}`',
      },
      fileRemoved: { ...bool, description: 'The file was removed from storage by STORED_FILE_RETENTION_DAYS' },
      error: { ...nullable(str), description: 'Why the file could not be read (status failed)' },
      requestedBy: nullable(str),
      createdAt: time,
      finishedAt: nullable(time),
    });
    // Only in the upload's answer: whether the file was already in the ledger; only with fileRemoved: why.
    return { ...schema, properties: { ...schema.properties, duplicate: bool, fileNote: str } };
  })(),
  Delivery: {
    oneOf: [
      object({ eventId: uuid, jobId: uuid, duplicate: bool }),
      object({ events: list(object({ eventId: uuid, jobId: uuid, duplicate: bool })) }),
    ],
    description: 'The stored event and its routing job; batching providers answer `events`',
  },
};
