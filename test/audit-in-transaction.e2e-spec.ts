import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { ACCESS_RULES } from '../src/auth/access/access-rules';
import type { RouteKey } from '../src/auth/access/route-rule';
import { mapContact } from '../src/people/mapping/map-contact';
import { PeopleStore } from '../src/people/store/people-store';
import type { Sql } from '../src/people/store/sql';
import { AppConfig } from '../src/platform/config/app-config';
import { JobQueue } from '../src/platform/queue/job-queue';
import { ResumeLedger } from '../src/resumes/ledger/resume-ledger';
import { emptyProfile } from '../src/resumes/profile/resume-profile';
import { SecretBox } from '../src/platform/security/secret-box';
import { webhookRouteQueue } from '../src/routing/webhook-route.queue';
import { bootstrapBrowser } from './support/dashboard';
import { postGithub, pullRequestPayload } from './support/github';
import { startTestApp, TestApp } from './support/switchyard';
import { FakeEspoCrm } from './support/fake-espocrm';
import { FakeGmail } from './support/fake-gmail';
import { GMAIL_SCOPE } from '../src/sync/connectors/gmail-messages/gmail-access';
import { FakeGoogleCalendar } from './support/fake-google-calendar';
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
  // Google's revocation endpoint: every token it is given is revoked (200).
  let googleRevoke: Server;
  let googleRevokeUrl = '';
  const google = new FakeGoogleCalendar();
  // One GOOGLE_TOKEN_URL: Gmail takes the tokens the calendar fake's endpoint issues.
  const gmail = new FakeGmail('ops@acme.example', google.tokens);
  beforeAll(async () => {
    await espo.start();
    googleRevoke = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
    });
    await new Promise<void>((resolve) => googleRevoke.listen(0, '127.0.0.1', resolve));
    googleRevokeUrl = `http://127.0.0.1:${(googleRevoke.address() as { port: number }).port}/revoke`;
    await google.start();
    await gmail.start();
    google.tokens.addServiceAccount('audit', ['https://www.googleapis.com/auth/calendar.events.readonly']);
    google.calendar('team@example.org');
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
        GOOGLE_OAUTH_CLIENT_ID: 'audit-test.apps.googleusercontent.com',
        GOOGLE_OAUTH_CLIENT_SECRET: 'audit-test-secret',
        GOOGLE_OAUTH_REVOKE_URL: googleRevokeUrl,
        // Calendar watch routes need a Google and an https public address: a loopback fake.
        GOOGLE_TOKEN_URL: google.tokenUrl,
        GOOGLE_CALENDAR_API_URL: google.apiUrl,
        PUBLIC_BASE_URL: 'https://switchyard.example.org',
        // Gmail watch routes call a loopback Gmail.
        GOOGLE_GMAIL_API_URL: gmail.url,
        SYNC_HTTP_ALLOW_PRIVATE: 'true',
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
    await new Promise((resolve) => googleRevoke?.close(resolve));
    await google.stop();
    await gmail.stop();
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

  /** `<person id>/resumes/crm-<attachment id>`: a contact with a resume, in the people cache (no worker syncs here). */
  const personWithResume = async () => {
    const contact = espo.addContact({ firstName: 'Ada', lastName: 'Files' });
    const attachmentId = espo.attachFile(contact.id, {
      name: 'ada.txt',
      type: 'text/plain',
      bytes: Buffer.from(`Ada\n${unique()}\n`),
    });
    const sql: Sql = <T>(text: string, params?: unknown[]) => db.query<T>(text, params);
    await new PeopleStore(sql, 'espocrm').store([
      mapContact(espo.contacts.get(contact.id)!, app.app.get(AppConfig).crm.fields),
    ]);
    const [row] = await db.query<{ id: string }>('SELECT id FROM people WHERE crm_id = $1', [contact.id]);
    return `${row!.id}/resumes/crm-${attachmentId}`;
  };

  const newToken = async () =>
    idOf(await api('POST', '/auth/tokens', { name: `t-${unique()}`, scopes: ['jobs:read'] }));

  /** A resume preview for a new contact in the fake EspoCRM, proposing a last name: its extraction id. */
  const resumePreview = async () => {
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
  };
  /** A person in the people cache, as a sync would leave an EspoCRM contact: its id. */
  const espoPerson = async () => {
    const contact = espo.addContact({ firstName: 'Ada', lastName: 'King' });
    const [person] = await db.query<{ id: string }>(
      `INSERT INTO people (crm, crm_id, name, record_hash) VALUES ('espocrm', $1, 'Ada King', 'x') RETURNING id`,
      [contact.id],
    );
    return person!.id;
  };
  /** A dashboard upload form: multipart, the CSRF token in the header as htmx sends it. */
  const uploadForm = (path: string) => {
    const body = new FormData();
    body.append('file', new Blob([`Ada Lovelace\nada@example.org\n${unique()}\n`]), 'ada.txt');
    return fetch(`${app.url}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, accept: 'text/html' },
      body,
    });
  };

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

  /** A connected Google account, as the dashboard's connection stores it. */
  const googleAccount = async () => {
    const sealed = app.app.get(SecretBox, { strict: false }).seal(`1//refresh-${unique()}`);
    const [row] = await db.query<{ id: string }>(
      `INSERT INTO google_accounts (subject, email, scopes, refresh_token_sealed, connected_by_id)
        VALUES ($1, 'team@example.org', '{openid}', $2, 'ada') RETURNING id`,
      [`g-${unique()}`, sealed],
    );
    return row!.id;
  };

  const newGmailSource = async () => {
    const slug = `g-${unique()}`;
    const account = gmail.tokens.addServiceAccount(slug, [GMAIL_SCOPE]);
    const res = await api('POST', '/sync/sources', {
      slug,
      connector: 'gmail-messages',
      settings: { mailbox: gmail.mailbox, topicName: 'projects/acme-prod/topics/gmail-push' },
      secret: JSON.stringify(account.key),
      intervalSeconds: 3600,
    });
    if (res.status !== 201) throw new Error(`Preparing a Gmail source failed: ${res.status} ${await res.text()}`);
    return slug;
  };

  const newCalendarSource = async () => {
    const slug = `g-${unique()}`;
    await api('POST', '/webhooks/sources', { slug: `${slug}-push`, provider: 'gcal', secret: 'channel-token-1' });
    const res = await api('POST', '/sync/sources', {
      slug,
      connector: 'google-calendar',
      settings: { calendarId: 'team@example.org', pushSource: `${slug}-push` },
      secret: JSON.stringify(google.tokens.accounts.values().next().value!.key),
      intervalSeconds: 3600,
    });
    if (res.status !== 201) throw new Error(`Preparing a calendar source failed: ${res.status} ${await res.text()}`);
    return slug;
  };

  const FIXTURES: Partial<Record<RouteKey, Fixture>> = {
    'DELETE /google/accounts/:id': { prepare: googleAccount, call: (id) => api('DELETE', `/google/accounts/${id}`) },
    'POST /dashboard/google-accounts/:id/revoke': {
      prepare: googleAccount,
      call: (id) => form(`/dashboard/google-accounts/${id}/revoke`),
    },
    'POST /sync/sources/:slug/watch': {
      prepare: newCalendarSource,
      call: (slug) => api('POST', `/sync/sources/${slug}/watch`),
    },
    'POST /dashboard/sync-sources/:slug/watch': {
      prepare: newCalendarSource,
      call: (slug) => form(`/dashboard/sync-sources/${slug}/watch`),
    },
    'DELETE /sync/sources/:slug/watch': {
      prepare: async () => {
        const slug = await newCalendarSource();
        const res = await api('POST', `/sync/sources/${slug}/watch`);
        if (res.status !== 200) throw new Error(`Preparing a watch failed: ${res.status} ${await res.text()}`);
        return slug;
      },
      call: (slug) => api('DELETE', `/sync/sources/${slug}/watch`),
    },
    // Gmail answers the watch (outside this database); its record commits with the audit row or not at all.
    'POST /sync/sources/:slug/gmail-watch': {
      prepare: newGmailSource,
      call: (slug) => api('POST', `/sync/sources/${slug}/gmail-watch`),
    },
    'DELETE /sync/sources/:slug/gmail-watch': {
      prepare: newGmailSource,
      call: (slug) => api('DELETE', `/sync/sources/${slug}/gmail-watch`),
    },
    'POST /dashboard/sync-sources/:slug/gmail-watch': {
      prepare: newGmailSource,
      call: (slug) => form(`/dashboard/sync-sources/${slug}/gmail-watch`),
    },
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
      prepare: resumePreview,
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
    // A download link: the CRM attachment is copied into storage before the audited part.
    'POST /people/:id/resumes/:file/link': {
      prepare: personWithResume,
      call: (target) => api('POST', `/people/${target}/link`),
    },
    'POST /dashboard/people/:id/resumes/:file/download': {
      prepare: personWithResume,
      call: (target) => form(`/dashboard/people/${target}/download`),
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
    'POST /dashboard/people/:id/resumes': {
      prepare: espoPerson,
      call: (id) => uploadForm(`/dashboard/people/${id}/resumes`),
    },
    'POST /dashboard/people/resumes/:id/apply': {
      prepare: resumePreview,
      call: (id) => form(`/dashboard/people/resumes/${id}/apply`, { fields: 'lastName' }),
    },
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
      (SELECT md5(coalesce(string_agg(g::text, '|' ORDER BY g.id), '')) FROM google_accounts g) AS google_accounts,
      (SELECT md5(coalesce(string_agg(g::text, '|' ORDER BY g.id), '')) FROM google_calendar_channels g) AS channels,
      (SELECT md5(coalesce(string_agg(w::text, '|' ORDER BY w.source), '')) FROM gmail_watches w) AS gmail_watches,
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
