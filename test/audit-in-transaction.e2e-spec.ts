import { randomUUID } from 'node:crypto';
import { ACCESS_RULES } from '../src/auth/access/access-rules';
import type { RouteKey } from '../src/auth/access/route-rule';
import { JobQueue } from '../src/platform/queue/job-queue';
import { ResumeLedger } from '../src/resumes/ledger/resume-ledger';
import { emptyProfile } from '../src/resumes/profile/resume-profile';
import { webhookRouteQueue } from '../src/routing/webhook-route.queue';
import { bootstrapBrowser } from './support/dashboard';
import { postGithub, pullRequestPayload } from './support/github';
import { startTestApp, TestApp } from './support/switchyard';
import { FakeEspoCrm } from './support/fake-espocrm';
import { createTestDatabase, TestDatabase } from './support/test-database';

/** One audited route: what it needs to exist first, and a call that succeeds when the trail can be written. */
interface Fixture {
  prepare?: () => Promise<string>;
  call: (target: string) => Promise<Response>;
}

/**
 * Every audited route (its rule in ACCESS_RULES names an audit action), called while the audit trail
 * refuses writes: the request fails and the database is exactly as before, so no admin change can
 * commit without its audit row. Then, with the trail mended, the same call succeeds and is audited
 * (which shows the call was a real change, not one refused for another reason).
 */
describe('audit events commit with their change, or the change does not commit', () => {
  let db: TestDatabase;
  let app: TestApp;
  let queue: JobQueue;
  let session: { cookie: string; csrf: string };
  let counter = 0;
  const unique = () => `${Date.now().toString(36)}${++counter}`;

  const espo = new FakeEspoCrm('people-espo-key');
  beforeAll(async () => {
    await espo.start();
    db = await createTestDatabase();
    // No worker: nothing but these requests changes jobs and events.
    app = await startTestApp({
      databaseUrl: db.url,
      roles: ['api'],
      env: {
        AUTH_BOOTSTRAP_LOGIN: 'on',
        // People routes need an EspoCRM: a loopback fake.
        ESPO_BASE_URL: espo.url,
        ESPO_API_KEY: 'people-espo-key',
        // "Check the mailbox now" needs the intake on; without a worker no poll ever runs.
        EMAIL_RESUME_INTAKE_ENABLED: 'on',
        IMAP_SERVER: '127.0.0.1:1',
        IMAP_TLS: 'plain',
        EMAIL_USERNAME: 'intake',
        EMAIL_PASSWORD: 'unused',
      },
    });
    queue = app.app.get(JobQueue);
    const { cookie } = await bootstrapBrowser(app.url, db);
    const me = (await (await fetch(`${app.url}/auth/me`, { headers: { cookie } })).json()) as { csrfToken: string };
    session = { cookie, csrf: me.csrfToken };
  });
  afterAll(async () => {
    await espo.stop();
    await app?.stop();
    await db?.drop();
  });

  const api = (method: string, path: string, body?: unknown) =>
    app.api(path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const form = (path: string, fields: Record<string, string> = {}) =>
    fetch(`${app.url}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: new URLSearchParams({ _csrf: session.csrf, ...fields }),
    });
  const idOf = async (res: Response) => {
    if (res.status >= 300) throw new Error(`Preparing failed: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { id: string }).id;
  };

  const newRule = async () => idOf(await api('POST', '/rules', { text: 'when github.push then log' }));
  const newTemplate = async () => {
    const name = `t-${unique()}`;
    await api('PUT', `/templates/${name}`, { body: 'Hello {{ event.type }}' });
    return name;
  };
  const newSource = async () => {
    const slug = `s-${unique()}`;
    const res = await api('POST', '/webhooks/sources', { slug, provider: 'github' });
    if (res.status !== 201) throw new Error(`Preparing a source failed: ${res.status}`);
    return slug;
  };
  const eventId = async () => {
    const res = await postGithub(app.url, pullRequestPayload());
    return ((await res.json()) as { eventId: string }).eventId;
  };
  const deadJob = async () => {
    const { id } = await queue.send(webhookRouteQueue, { eventId: randomUUID() });
    await db.query(`UPDATE pgboss.job SET state = 'failed', completed_on = now() WHERE id = $1`, [id]);
    return id;
  };
  const queuedJob = async () =>
    (await queue.send(webhookRouteQueue, { eventId: randomUUID() }, { startAfter: new Date(Date.now() + 3_600_000) }))
      .id;
  const twoRules = async () => {
    await newRule();
    return newRule();
  };

  const parkedChannel = async () => {
    const channel = String(100000000000000000n + BigInt(++counter));
    await db.query(`INSERT INTO discord_parked_channels (channel_id, reason) VALUES ($1, 'Unknown Channel')`, [
      channel,
    ]);
    return channel;
  };
  const disabledTarget = async () => {
    const url = `https://receiver.example/hooks/${unique()}`;
    await db.query(`INSERT INTO forward_disabled_targets (url, status, reason) VALUES ($1, 410, 'Gone')`, [url]);
    return url;
  };

  const newToken = async () =>
    idOf(await api('POST', '/auth/tokens', { name: `t-${unique()}`, scopes: ['jobs:read'] }));

  const newSyncSource = async () => {
    const slug = `y-${unique()}`;
    const res = await api('POST', '/sync/sources', {
      slug,
      connector: 'json',
      settings: { url: 'https://api.example.org/talks', resource: 'talk' },
      secret: 'Bearer sync-secret-1',
      intervalSeconds: 3600,
    });
    if (res.status !== 201) throw new Error(`Preparing a sync source failed: ${res.status} ${await res.text()}`);
    return slug;
  };

  const FIXTURES: Partial<Record<RouteKey, Fixture>> = {
    'POST /sync/sources': {
      call: () =>
        api('POST', '/sync/sources', {
          slug: `y-${unique()}`,
          connector: 'json',
          settings: { url: 'https://api.example.org/talks', resource: 'talk' },
          intervalSeconds: 300,
        }),
    },
    'POST /dashboard/sync-sources': {
      call: () =>
        form('/dashboard/sync-sources', {
          slug: `y-${unique()}`,
          connector: 'json',
          settings: '{"url": "https://api.example.org/talks", "resource": "talk"}',
          intervalSeconds: '300',
        }),
    },
    'POST /dashboard/sync-sources/:slug/run': {
      prepare: newSyncSource,
      call: (slug) => form(`/dashboard/sync-sources/${slug}/run`),
    },
    'POST /dashboard/sync-sources/:slug/pause': {
      prepare: newSyncSource,
      call: (slug) => form(`/dashboard/sync-sources/${slug}/pause`),
    },
    'POST /dashboard/sync-sources/:slug/resume': {
      prepare: async () => {
        const slug = await newSyncSource();
        await api('POST', `/sync/sources/${slug}/pause`);
        return slug;
      },
      call: (slug) => form(`/dashboard/sync-sources/${slug}/resume`),
    },
    'POST /dashboard/sync-sources/:slug/accept-deletions': {
      prepare: newSyncSource,
      call: (slug) => form(`/dashboard/sync-sources/${slug}/accept-deletions`),
    },
    'PATCH /sync/sources/:slug': {
      prepare: newSyncSource,
      call: (slug) => api('PATCH', `/sync/sources/${slug}`, { intervalSeconds: 7200 }),
    },
    'DELETE /sync/sources/:slug': { prepare: newSyncSource, call: (slug) => api('DELETE', `/sync/sources/${slug}`) },
    'POST /sync/sources/:slug/pause': {
      prepare: newSyncSource,
      call: (slug) => api('POST', `/sync/sources/${slug}/pause`),
    },
    'POST /sync/sources/:slug/resume': {
      prepare: async () => {
        const slug = await newSyncSource();
        await api('POST', `/sync/sources/${slug}/pause`);
        return slug;
      },
      call: (slug) => api('POST', `/sync/sources/${slug}/resume`),
    },
    'POST /sync/sources/:slug/run': {
      prepare: newSyncSource,
      call: (slug) => api('POST', `/sync/sources/${slug}/run`),
    },
    'POST /sync/sources/:slug/accept-deletions': {
      prepare: newSyncSource,
      call: (slug) => api('POST', `/sync/sources/${slug}/accept-deletions`),
    },
    'POST /auth/tokens': { call: () => api('POST', '/auth/tokens', { name: `t-${unique()}`, scopes: ['jobs:read'] }) },
    'DELETE /auth/tokens/:id': { prepare: newToken, call: (id) => api('DELETE', `/auth/tokens/${id}`) },
    'POST /dashboard/tokens': {
      call: () => form('/dashboard/tokens', { name: `t-${unique()}`, scopes: 'events:read' }),
    },
    'POST /dashboard/tokens/:id/revoke': { prepare: newToken, call: (id) => form(`/dashboard/tokens/${id}/revoke`) },
    'POST /webhooks/sources': {
      call: () => api('POST', '/webhooks/sources', { slug: `s-${unique()}`, provider: 'github' }),
    },
    'PATCH /webhooks/sources/:slug': {
      prepare: newSource,
      call: (slug) => api('PATCH', `/webhooks/sources/${slug}`, { rateLimitPerMinute: 10 }),
    },
    'POST /webhooks/sources/:slug/rotate': {
      prepare: newSource,
      call: (slug) => api('POST', `/webhooks/sources/${slug}/rotate`, {}),
    },
    'POST /webhooks/sources/:slug/disable': {
      prepare: newSource,
      call: (slug) => api('POST', `/webhooks/sources/${slug}/disable`),
    },
    'POST /webhooks/sources/:slug/enable': {
      prepare: async () => {
        const slug = await newSource();
        await api('POST', `/webhooks/sources/${slug}/disable`);
        return slug;
      },
      call: (slug) => api('POST', `/webhooks/sources/${slug}/enable`),
    },
    'POST /webhooks/events/:id/replay': {
      prepare: eventId,
      call: (id) => api('POST', `/webhooks/events/${id}/replay`),
    },
    'POST /webhooks/replays': { prepare: eventId, call: () => api('POST', '/webhooks/replays', { source: 'github' }) },
    'POST /rules': { call: () => api('POST', '/rules', { text: 'when github.issues.* then log' }) },
    'PUT /rules/order': {
      prepare: twoRules,
      call: async () => {
        const rules = (await (await api('GET', '/rules')).json()) as { id: string }[];
        return api('PUT', '/rules/order', { ids: rules.map((r) => r.id).reverse() });
      },
    },
    'PATCH /rules/:id': { prepare: newRule, call: (id) => api('PATCH', `/rules/${id}`, { enabled: false }) },
    'DELETE /rules/:id': { prepare: newRule, call: (id) => api('DELETE', `/rules/${id}`) },
    'PUT /templates/:name': {
      call: () => api('PUT', `/templates/t-${unique()}`, { body: 'Hi {{ event.type }}' }),
    },
    'DELETE /templates/:name': { prepare: newTemplate, call: (name) => api('DELETE', `/templates/${name}`) },
    'POST /jobs/:id/retry': { prepare: deadJob, call: (id) => api('POST', `/jobs/${id}/retry`) },
    'POST /jobs/:id/cancel': { prepare: queuedJob, call: (id) => api('POST', `/jobs/${id}/cancel`) },
    'POST /jobs/:id/redrive': { prepare: deadJob, call: (id) => api('POST', `/jobs/${id}/redrive`) },
    'POST /jobs/:id/discard': { prepare: deadJob, call: (id) => api('POST', `/jobs/${id}/discard`) },
    'POST /jobs/dead/redrive': {
      prepare: deadJob,
      call: () => api('POST', '/jobs/dead/redrive', { type: webhookRouteQueue.name }),
    },
    'POST /jobs/dead/discard': {
      prepare: deadJob,
      call: () => api('POST', '/jobs/dead/discard', { type: webhookRouteQueue.name }),
    },
    // Files and resumes: the ledger row and the extraction job commit with the audit row, or neither does.
    'POST /jobs/resume-extract': {
      call: () => {
        const form = new FormData();
        form.append('file', new Blob([`Ada Lovelace\nada@example.org\n${unique()}\n`]), 'ada.txt');
        return app.api('/jobs/resume-extract', { method: 'POST', body: form });
      },
    },
    // The contact changes in EspoCRM (outside this database); the audit row commits or the request fails.
    'POST /jobs/resume-apply': {
      prepare: async () => {
        const contact = espo.addContact({ firstName: 'Ada', lastName: 'King' });
        const ledger = app.app.get(ResumeLedger);
        const row = await ledger.claim({
          fileSha256: unique().padEnd(64, '0'),
          contactId: contact.id,
          extractorVersion: 'test',
          objectKey: 'resumes/none.txt',
          fileName: 'ada.txt',
          fileType: 'txt',
          fileSize: 1,
          requestedBy: 'test',
        });
        await ledger.succeeded(row!.id, {
          extractor: 'heuristic',
          extractorVersion: 'test',
          contactId: contact.id,
          comparedWithContact: true,
          profile: emptyProfile(),
          changes: [{ field: 'lastName', current: 'King', proposed: 'Lovelace', kind: 'change' }],
          textLength: 1,
        });
        return row!.id;
      },
      call: (extractionId) => api('POST', '/jobs/resume-apply', { extractionId, fields: ['lastName'] }),
    },
    // A contact's resumes read from EspoCRM; the ledger rows and jobs commit with the audit row.
    'POST /process-contact/:id': {
      prepare: async () => {
        const contact = espo.addContact({ firstName: 'Ada', lastName: 'King' });
        const bytes = Buffer.from(`Ada Lovelace\nada@example.org\n${unique()}\n`);
        espo.attachFile(contact.id, { name: 'ada.txt', type: 'text/plain', bytes });
        return contact.id;
      },
      call: (id) => api('POST', `/process-contact/${id}`),
    },
    'POST /discord/channels/:id/unpark': {
      prepare: parkedChannel,
      call: (id) => api('POST', `/discord/channels/${id}/unpark`),
    },
    'POST /forward/targets/enable': {
      prepare: disabledTarget,
      call: (url) => api('POST', '/forward/targets/enable', { url }),
    },

    'POST /sync/people': { call: () => api('POST', '/sync/people') },
    'POST /people/crm-webhooks': { call: () => api('POST', '/people/crm-webhooks') },
    // The poll job commits with the audit row (or is made due now in it, when one is queued already).
    'POST /people/mail-intake/poll': { call: () => api('POST', '/people/mail-intake/poll') },

    'POST /dashboard/people/sync': { call: () => form('/dashboard/people/sync') },
    'POST /dashboard/people/crm-webhooks': { call: () => form('/dashboard/people/crm-webhooks') },
    'POST /dashboard/people/mail-intake/poll': { call: () => form('/dashboard/people/mail-intake/poll') },
    'POST /dashboard/webhooks/:id/replay': { prepare: eventId, call: (id) => form(`/dashboard/webhooks/${id}/replay`) },
    'POST /dashboard/webhooks/replays': {
      prepare: eventId,
      call: () => form('/dashboard/webhooks/replays', { source: 'github' }),
    },
    'POST /dashboard/jobs/:id/retry': { prepare: deadJob, call: (id) => form(`/dashboard/jobs/${id}/retry`) },
    'POST /dashboard/jobs/:id/cancel': { prepare: queuedJob, call: (id) => form(`/dashboard/jobs/${id}/cancel`) },
    'POST /dashboard/jobs/retry-dead': { prepare: deadJob, call: () => form('/dashboard/jobs/retry-dead') },
    'POST /dashboard/jobs/:id/discard': { prepare: deadJob, call: (id) => form(`/dashboard/jobs/${id}/discard`) },
    'POST /dashboard/jobs/discard-dead': {
      prepare: deadJob,
      call: () => form('/dashboard/jobs/discard-dead', { type: webhookRouteQueue.name }),
    },
    'POST /dashboard/discord/channels/:id/unpark': {
      prepare: parkedChannel,
      call: (id) => form(`/dashboard/discord/channels/${id}/unpark`),
    },
    'POST /dashboard/forward/targets/enable': {
      prepare: disabledTarget,
      call: (url) => form('/dashboard/forward/targets/enable', { url }),
    },
    'POST /dashboard/rules': { call: () => form('/dashboard/rules', { text: 'when github.push then log' }) },
    'POST /dashboard/rules/:id': {
      prepare: newRule,
      call: (id) => form(`/dashboard/rules/${id}`, { text: 'when github.pull_request.* then log' }),
    },
    'POST /dashboard/rules/:id/enable': {
      prepare: async () => {
        const id = await newRule();
        await api('PATCH', `/rules/${id}`, { enabled: false });
        return id;
      },
      call: (id) => form(`/dashboard/rules/${id}/enable`),
    },
    'POST /dashboard/rules/:id/disable': { prepare: newRule, call: (id) => form(`/dashboard/rules/${id}/disable`) },
    'POST /dashboard/rules/:id/move': {
      prepare: twoRules,
      call: (id) => form(`/dashboard/rules/${id}/move`, { direction: 'up' }),
    },
    'POST /dashboard/rules/:id/delete': { prepare: newRule, call: (id) => form(`/dashboard/rules/${id}/delete`) },
    'POST /dashboard/sources': {
      call: () => form('/dashboard/sources', { slug: `s-${unique()}`, provider: 'github', settings: '' }),
    },
    'POST /dashboard/sources/:slug/rotate': {
      prepare: newSource,
      call: (slug) => form(`/dashboard/sources/${slug}/rotate`, { previousValidForSeconds: '0' }),
    },
    'POST /dashboard/sources/:slug/enable': {
      prepare: async () => {
        const slug = await newSource();
        await api('POST', `/webhooks/sources/${slug}/disable`);
        return slug;
      },
      call: (slug) => form(`/dashboard/sources/${slug}/enable`),
    },
    'POST /dashboard/sources/:slug/disable': {
      prepare: newSource,
      call: (slug) => form(`/dashboard/sources/${slug}/disable`),
    },
  };

  const audited = Object.entries(ACCESS_RULES)
    .filter(([, rule]) => typeof rule.audit === 'string')
    .map(([key, rule]) => ({ route: key as RouteKey, action: rule.audit! }));

  it('has a case for every audited route', () => {
    expect(Object.keys(FIXTURES).sort()).toEqual(audited.map((a) => a.route).sort());
  });

  /** Every table an admin change can touch, as one digest. */
  const snapshot = () =>
    db.query(`SELECT
      (SELECT md5(coalesce(string_agg(r::text, '|' ORDER BY r.id), '')) FROM rules r) AS rules,
      (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.name), '')) FROM message_templates t) AS templates,
      (SELECT md5(coalesce(string_agg(s::text, '|' ORDER BY s.slug), '')) FROM webhook_sources s) AS sources,
      (SELECT md5(coalesce(string_agg(concat_ws(',', e.id, e.routing_status, e.route_job_id), '|' ORDER BY e.id), ''))
        FROM webhook_events e) AS events,
      (SELECT md5(coalesce(string_agg(b::text, '|' ORDER BY b.id), '')) FROM bulk_replays b) AS replays,
      (SELECT md5(coalesce(string_agg(concat_ws(',', j.id, j.state, j.retry_count), '|' ORDER BY j.id), '')) FROM pgboss.job j) AS jobs,
      (SELECT md5(coalesce(string_agg(concat_ws(',', k.id, k.revoked_at), '|' ORDER BY k.id), '')) FROM api_tokens k)
        AS tokens,
      (SELECT md5(coalesce(string_agg(c.channel_id, '|' ORDER BY c.channel_id), '')) FROM discord_parked_channels c)
        AS parked,
      (SELECT md5(coalesce(string_agg(f.url, '|' ORDER BY f.url), '')) FROM forward_disabled_targets f) AS forward,
      (SELECT md5(coalesce(string_agg(concat_ws(',', a.id, a.resolved_at), '|' ORDER BY a.id), '')) FROM operator_alerts a)
        AS alerts,
      (SELECT md5(coalesce(string_agg(concat_ws(',', x.id, x.status, x.job_id), '|' ORDER BY x.id), ''))
        FROM resume_extractions x) AS resumes,
      (SELECT md5(coalesce(string_agg(y::text, '|' ORDER BY y.slug), '')) FROM sync_sources y) AS sync_sources,
      (SELECT md5(coalesce(string_agg(concat_ws(',', p.key, p.cron), '|' ORDER BY p.name, p.key), ''))
        FROM pgboss.schedule p) AS schedules,
      (SELECT count(*) FROM audit_events) AS audit`);

  const breakTrail = () => db.query(`ALTER TABLE audit_events ADD CONSTRAINT trail_down CHECK (false) NOT VALID`);
  const mendTrail = () => db.query('ALTER TABLE audit_events DROP CONSTRAINT IF EXISTS trail_down');

  it.each(audited)('$route', async ({ route, action }) => {
    const fixture = FIXTURES[route];
    if (!fixture) throw new Error(`No case for ${route}`);
    const target = fixture.prepare ? await fixture.prepare() : '';
    const before = await snapshot();
    await breakTrail();
    let refused: Response;
    try {
      refused = await fixture.call(target);
    } finally {
      await mendTrail();
    }
    expect({ status: refused.status, body: refused.status >= 500 ? '' : await refused.text() }).toEqual({
      status: 500,
      body: '',
    });
    expect(await snapshot()).toEqual(before);

    const done = await fixture.call(target);
    expect({ status: done.status, body: done.status < 400 ? '' : await done.text() }).toEqual({
      status: done.status,
      body: '',
    });
    const [last] = await db.query<{ action: string }>('SELECT action FROM audit_events ORDER BY id DESC LIMIT 1');
    expect(last?.action).toBe(action);
  });
});
