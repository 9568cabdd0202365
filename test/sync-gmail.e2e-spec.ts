import { JobQueue } from '../src/platform/queue/job-queue';
import { gmailWatchQueue } from '../src/sync/gmail/gmail-watch.queue';
import { GoogleKeys, PUSH_ACCOUNT } from './fuzz/google-keys';
import { bootstrapBrowser, visibleText } from './support/dashboard';
import { GMAIL_SCOPE } from '../src/sync/connectors/gmail-messages/gmail-access';
import { FakeGmail } from './support/fake-gmail';
import type { FakeServiceAccount } from './support/fake-google-token';
import { postJson, TestApp, useTestApp, waitFor } from './support/switchyard';
import { pressSyncNow } from './support/sync-now';

interface RunRow {
  id: string;
  trigger: string;
  status: string;
  seen: number;
  created: number;
  updated: number;
  deleted: number;
  unchanged: number;
  error: string | null;
  state_discarded: string | null;
}

interface EventRow {
  event_type: string;
  description: string;
  body: string;
  delivery_id: string;
}

const MAILBOX = 'ops@acme.example';
const SLUG = 'gmail';
const PUSH_SLUG = 'gmail-push';
const TOPIC = 'projects/acme-prod/topics/gmail-push';
const AUDIENCE = `https://hooks.example.com/webhooks/${PUSH_SLUG}`;
/** Gmail's answer to users.watch when the topic does not grant gmail-api-push@system.gserviceaccount.com. */
const topicRefused = {
  status: 403,
  body: {
    error: {
      code: 403,
      message: `Error sending test message to Cloud PubSub ${TOPIC} : User not authorized to perform this action.`,
      errors: [{ message: 'User not authorized', domain: 'global', reason: 'forbidden' }],
      status: 'PERMISSION_DENIED',
    },
  },
};

/**
 * The gmail-messages connector against a loopback Gmail API: the first run reads the newest
 * messages and keeps the mailbox's history id, later runs read history from it; a forgotten id
 * (404) is a full read again without duplicates; Gmail's pushes (a `gmail` webhook source) start
 * runs; the watch is renewed on demand and on its daily schedule. Gmail is called as a service
 * account with domain-wide delegation, through the fake's own token endpoint.
 */
describe('sync sources: Gmail', () => {
  const gmail = new FakeGmail(MAILBOX);
  const keys = new GoogleKeys();
  let account: FakeServiceAccount;
  let secret: string;
  // Started before the app, which reads GOOGLE_TOKEN_URL when it starts.
  beforeAll(async () => {
    await Promise.all([gmail.start(), keys.start()]);
    account = gmail.tokens.addServiceAccount('gmail-sync', [GMAIL_SCOPE]);
    secret = JSON.stringify(account.key);
  });
  const ctx = useTestApp({
    env: {
      get GOOGLE_TOKEN_URL() {
        return gmail.tokenUrl;
      },
      get GOOGLE_GMAIL_API_URL() {
        return gmail.url;
      },
      SYNC_HTTP_ALLOW_PRIVATE: 'true',
      WEBHOOK_JWKS_ALLOW_PRIVATE: 'true',
      AUTH_BOOTSTRAP_LOGIN: 'on',
      SYNC_RETRY_AFTER_WAIT_MAX_SECONDS: '3',
      JOB_RETRY_BASE_SECONDS: '1',
      JOB_RETRY_MAX_SECONDS: '2',
    },
  });
  const app = (): TestApp => ctx.app;

  beforeAll(() => {
    gmail.receive({ from: 'Ada <ada@example.com>', to: MAILBOX, subject: 'Old news', text: 'Before the source' });
    gmail.receive({
      from: 'Grace <grace@example.com>',
      to: MAILBOX,
      subject: 'Invoice 42',
      text: 'Please find the invoice attached. Secret body line.',
      attachments: [{ filename: 'invoice-42.pdf', mimeType: 'application/pdf', size: 48213 }],
    });
    gmail.receive({ from: 'me', to: 'someone@example.com', subject: 'Sent by me', labelIds: ['SENT'] });
  });
  afterAll(async () => {
    await Promise.all([gmail.stop(), keys.stop()]);
  });

  const runs = () => ctx.db.query<RunRow>(`SELECT * FROM sync_runs WHERE source = $1 ORDER BY started_at, id`, [SLUG]);
  const events = () =>
    ctx.db.query<EventRow>(
      `SELECT event_type, description, body, delivery_id FROM webhook_events WHERE source = $1 ORDER BY received_at, id`,
      [SLUG],
    );
  const storedHistoryId = async () =>
    (
      await ctx.db.query<{ history: string | null }>(
        `SELECT connector_state->>'historyId' AS history FROM sync_sources WHERE slug = $1`,
        [SLUG],
      )
    )[0]!.history;
  const lastRun = async (before: number) =>
    waitFor(async () => (await runs()).slice(before).find((run) => run.status !== 'running'), 'a run');
  const press = (slug: string) => pressSyncNow(app(), slug);
  const syncNow = async (): Promise<RunRow> => {
    const before = (await runs()).length;
    await press(SLUG);
    return lastRun(before);
  };
  const untilSucceeded = () =>
    waitFor(
      async () => {
        const last = (await runs()).at(-1)!;
        if (last.status === 'failed') await app().api(`/sync/sources/${SLUG}/run`, { method: 'POST' });
        return last.status === 'succeeded' ? last : undefined;
      },
      'a run that recovers',
      30_000,
    );

  it('adds a Gmail source; refuses bad settings with reasons', async () => {
    const refused = await postJson(app(), '/sync/sources', {
      slug: 'gmail-bad',
      connector: 'gmail-messages',
      settings: { labelIds: ['IN BOX'], topicName: 'gmail-push', fullSyncLimit: 5000, body: true },
      secret: 'not used',
      intervalSeconds: 3600,
    });
    expect(refused.status).toBe(400);
    const reasons = JSON.stringify(await refused.json());
    expect(reasons).toContain('mailbox is required');
    expect(reasons).toContain('labelIds must be a list of 1 to 10 Gmail label ids');
    expect(reasons).toContain('topicName must be a Pub/Sub topic such as projects/my-project/topics/gmail-push');
    expect(reasons).toContain('fullSyncLimit must be a whole number from 0 to 500');
    expect(reasons).toContain('gmail-messages has no setting \\"body\\"');

    const notAKey = await postJson(app(), '/sync/sources', {
      slug: SLUG,
      connector: 'gmail-messages',
      settings: { mailbox: MAILBOX },
      secret: 'ya29.a-token-is-not-a-key',
      intervalSeconds: 3600,
    });
    expect(notAKey.status).toBe(400);
    expect(JSON.stringify(await notAKey.json())).toContain('the credential is not JSON');

    const res = await postJson(app(), '/sync/sources', {
      slug: SLUG,
      connector: 'gmail-messages',
      settings: { mailbox: MAILBOX, labelIds: ['INBOX'], topicName: TOPIC },
      secret,
      intervalSeconds: 3600,
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ connector: 'gmail-messages', resource: 'message', hasSecret: true });
  });

  it('the first run reads the newest messages of the watched label into gmail.message.received events', async () => {
    const run = await syncNow();
    expect(run).toMatchObject({ status: 'succeeded', created: 2, deleted: 0, error: null });
    const stored = await events();
    expect(stored.map((e) => e.event_type)).toEqual(['gmail.message.received', 'gmail.message.received']);
    const invoice = stored.find((e) => e.description.includes('Invoice 42'))!;
    expect(invoice.description).toMatch(/^message [0-9a-f]+ received: Invoice 42 — Grace <grace@example.com>$/);
    const payload = JSON.parse(invoice.body) as Record<string, unknown>;
    expect(payload).toMatchObject({
      mailbox: MAILBOX,
      from: 'Grace <grace@example.com>',
      to: MAILBOX,
      subject: 'Invoice 42',
      snippet: 'Please find the invoice attached. Secret body line.',
      labelIds: ['INBOX', 'UNREAD'],
      attachments: [{ filename: 'invoice-42.pdf', mimeType: 'application/pdf', size: 48213 }],
    });
    expect(payload.date).toEqual(expect.any(String));
    // Names and sizes of the parts only: no body was asked for, none was stored.
    expect(invoice.body).not.toContain(Buffer.from('Please find').toString('base64url').slice(0, 12));
    const gets = gmail.requestsTo(/\/messages\/[0-9a-f]+$/);
    expect(gets).toHaveLength(2);
    expect(gets[0]!.query.get('format')).toBe('full');
    expect(gets[0]!.query.get('fields')).toContain('parts(partId,mimeType,filename,body/size');
    // As the service account, acting as the mailbox's user, read-only.
    const grants = gets.map((r) => gmail.tokens.check(r.headers.authorization as string));
    expect(grants.every((g) => g?.subject === MAILBOX && g.clientEmail === account.key.client_email)).toBe(true);
    expect(grants[0]!.scopes).toEqual([GMAIL_SCOPE]);
    expect(gmail.tokens.requests(gmail.requests)).toHaveLength(1);
    expect(gmail.requestsTo(/\/messages$/).map((r) => r.query.get('labelIds'))).toEqual(['INBOX']);
    expect(await storedHistoryId()).toBe(gmail.currentHistoryId);
  });

  it('reads history from the kept id; a second poll writes nothing', async () => {
    const start = await storedHistoryId();
    gmail.receive({ from: 'Linus <linus@example.com>', to: MAILBOX, subject: 'Patch v2' });
    gmail.receive({ from: 'Ken <ken@example.com>', to: MAILBOX, subject: 'Re: Patch v2' });
    gmail.receive({ from: 'me', to: 'x@example.com', subject: 'Sent again', labelIds: ['SENT'] });
    const gets = gmail.requestsTo(/\/messages\/[0-9a-f]+$/).length;
    const run = await syncNow();
    expect(run).toMatchObject({ status: 'succeeded', created: 2, updated: 0, deleted: 0 });
    const history = gmail.requestsTo(/\/history$/).at(-1)!;
    expect(Object.fromEntries(history.query)).toMatchObject({
      startHistoryId: start,
      historyTypes: 'messageAdded',
      labelId: 'INBOX',
    });
    expect(gmail.requestsTo(/\/messages\/[0-9a-f]+$/).length - gets).toBe(2);
    const subjects = (await events()).map((e) => JSON.parse(e.body).subject as string);
    expect(subjects.slice(2).sort()).toEqual(['Patch v2', 'Re: Patch v2']);
    expect(await storedHistoryId()).toBe(gmail.currentHistoryId);

    const again = await syncNow();
    expect(again).toMatchObject({ status: 'succeeded', created: 0, updated: 0, deleted: 0 });
    expect(gmail.requestsTo(/\/messages\/[0-9a-f]+$/).length - gets).toBe(2);
    expect(await events()).toHaveLength(4);
  });

  it('a forgotten history id (404) is a full read again: a fresh id, no duplicate events', async () => {
    gmail.expireHistory();
    gmail.receive({ from: 'Barbara <barbara@example.com>', to: MAILBOX, subject: 'After the gap' });
    const run = await syncNow();
    expect(run).toMatchObject({ status: 'succeeded', created: 1, updated: 0, deleted: 0 });
    expect(run.state_discarded).toContain('Gmail no longer has the history from');
    const stored = await events();
    expect(stored).toHaveLength(5);
    expect(JSON.parse(stored.at(-1)!.body)).toMatchObject({ subject: 'After the gap' });
    expect(new Set(stored.map((e) => e.delivery_id)).size).toBe(5);
    expect(await storedHistoryId()).toBe(gmail.currentHistoryId);
    // The next pass reads history again, from the fresh id.
    const fresh = await storedHistoryId();
    expect(await syncNow()).toMatchObject({ status: 'succeeded', created: 0 });
    expect(
      gmail
        .requestsTo(/\/history$/)
        .at(-1)!
        .query.get('startHistoryId'),
    ).toBe(fresh);
  });

  it('a message is stored once even after the source is removed and added again (delivery ids from message ids)', async () => {
    const before = await events();
    const removed = await app().api(`/sync/sources/${SLUG}`, { method: 'DELETE' });
    expect(removed.status).toBe(200);
    const added = await postJson(app(), '/sync/sources', {
      slug: SLUG,
      connector: 'gmail-messages',
      settings: { mailbox: MAILBOX, labelIds: ['INBOX'], topicName: TOPIC },
      secret,
      intervalSeconds: 3600,
    });
    expect(added.status).toBe(201);
    // Its state went with it: the first run reads the newest messages again, and the inbox knows them all.
    expect(await syncNow()).toMatchObject({ status: 'succeeded', created: before.length });
    expect(await events()).toEqual(before);
  });

  it('waits out Gmail’s 429 and its Retry-After within the run', async () => {
    gmail.rateLimited = 1;
    const started = Date.now();
    expect(await syncNow()).toMatchObject({ status: 'succeeded', created: 0 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);

    // Gmail also says "slow down" with a 403: a retry later, not refused credentials.
    gmail.next({
      status: 403,
      body: {
        error: {
          code: 403,
          message: 'User Rate Limit Exceeded',
          errors: [{ message: 'User Rate Limit Exceeded', domain: 'usageLimits', reason: 'userRateLimitExceeded' }],
          status: 'PERMISSION_DENIED',
        },
      },
    });
    const slowed = await syncNow();
    expect(slowed.status).toBe('failed');
    expect(slowed.error).toContain('userRateLimitExceeded');
    expect(
      await ctx.db.query(
        `SELECT 1 FROM operator_alerts WHERE kind = 'sync.credentials_refused' AND resolved_at IS NULL`,
      ),
    ).toHaveLength(0);
    expect(await untilSucceeded()).toMatchObject({ created: 0 });
  });

  it('a garbage answer fails the run with the reason and applies nothing; the next run recovers', async () => {
    const kept = await storedHistoryId();
    gmail.receive({ from: 'Edsger <edsger@example.com>', to: MAILBOX, subject: 'Goto considered' });
    gmail.next({ status: 200, body: { history: 'all of it', historyId: 'soon' } });
    const failed = await syncNow();
    expect(failed.status).toBe('failed');
    expect(failed.error).toContain('Gmail answered a history page that has no history list');
    expect(await events()).toHaveLength(5);
    expect(await storedHistoryId()).toBe(kept);
    const recovered = await untilSucceeded();
    expect(recovered).toMatchObject({ created: 1 });
    expect(await events()).toHaveLength(6);
  });

  it('revoked credentials fail the run with the reason and apply nothing; a new key recovers', async () => {
    // A token Gmail stops taking before its time is renewed once within the run.
    gmail.tokens.expireAll();
    expect(await syncNow()).toMatchObject({ status: 'succeeded', created: 0 });
    gmail.receive({ from: 'Alan <alan@example.com>', to: MAILBOX, subject: 'On computable numbers' });
    // The admin removed the delegation: Google's tokens stop working and no new one is issued.
    account.delegatedScopes.clear();
    gmail.tokens.expireAll();
    const failed = await syncNow();
    expect(failed.status).toBe('failed');
    expect(failed.error).toContain('Google refused the credential (401): unauthorized_client');
    expect(failed.error).not.toContain('PRIVATE KEY');
    expect(await events()).toHaveLength(6);
    const alert = await ctx.db.query(
      `SELECT 1 FROM operator_alerts WHERE kind = 'sync.credentials_refused' AND subject = $1 AND resolved_at IS NULL`,
      [SLUG],
    );
    expect(alert).toHaveLength(1);

    account = gmail.tokens.addServiceAccount('gmail-sync-2', [GMAIL_SCOPE]);
    const patched = await app().api(`/sync/sources/${SLUG}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ secret: JSON.stringify(account.key) }),
    });
    expect(patched.status).toBe(200);
    expect(await untilSucceeded()).toMatchObject({ created: 1 });
    expect(await events()).toHaveLength(7);
  });

  it('a key without the delegation is refused by Google with its reason', async () => {
    const undelegated = gmail.tokens.addServiceAccount('gmail-undelegated', []);
    const res = await postJson(app(), '/sync/sources', {
      slug: 'gmail-undelegated',
      connector: 'gmail-messages',
      settings: { mailbox: MAILBOX },
      secret: JSON.stringify(undelegated.key),
      intervalSeconds: 3600,
      paused: true,
    });
    expect(res.status).toBe(201);
    const run = await app().api('/sync/sources/gmail-undelegated/run', { method: 'POST' });
    expect(run.status).toBe(409);
    await app().api('/sync/sources/gmail-undelegated/resume', { method: 'POST' });
    await app().api('/sync/sources/gmail-undelegated/run', { method: 'POST' });
    const failed = await waitFor(async () => {
      const [row] = await ctx.db.query<RunRow>(
        `SELECT * FROM sync_runs WHERE source = 'gmail-undelegated' AND status = 'failed' LIMIT 1`,
      );
      return row;
    }, 'the refused run');
    expect(failed.error).toContain('Google refused the credential (401): unauthorized_client');
    await app().api('/sync/sources/gmail-undelegated', { method: 'DELETE' });
  });

  it('a Gmail push for the mailbox is "sync now"; a burst of pushes is one run', async () => {
    const source = await postJson(app(), '/webhooks/sources', {
      provider: 'gmail',
      slug: PUSH_SLUG,
      secret: 'unused-by-gmail-0123456789',
      settings: { audience: AUDIENCE, serviceAccountEmail: PUSH_ACCOUNT, jwksUrl: keys.jwksUrl },
    });
    expect(source.status).toBe(201);
    const push = async (n: number, emailAddress = MAILBOX) => {
      const data = Buffer.from(JSON.stringify({ emailAddress, historyId: Number(gmail.currentHistoryId) }));
      const res = await fetch(`${app().url}/webhooks/${PUSH_SLUG}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await keys.token(AUDIENCE)}` },
        body: JSON.stringify({
          message: { data: data.toString('base64'), messageId: `push-${n}`, publishTime: new Date().toISOString() },
          subscription: 'projects/acme-prod/subscriptions/gmail-push',
        }),
      });
      expect(res.status).toBe(202);
    };
    const before = (await runs()).length;
    gmail.receive({ from: 'Margaret <margaret@example.com>', to: MAILBOX, subject: 'Apollo' });
    await Promise.all([1, 2, 3, 4, 5].map((n) => push(n)));
    const event = await waitFor(
      async () => (await events()).find((e) => e.body.includes('"Apollo"')),
      'the pushed message as an event',
    );
    expect(event.event_type).toBe('gmail.message.received');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const pushed = (await runs()).slice(before);
    // Pushed, and a push routed while that run was going chains one more (a follow-up).
    expect(pushed[0]!.trigger).toBe('push');
    expect(pushed.every((r) => r.trigger === 'push' || r.trigger === 'follow-up')).toBe(true);
    expect(pushed.length).toBeGreaterThanOrEqual(1);
    expect(pushed.length).toBeLessThanOrEqual(3);
    expect((await events()).filter((e) => e.body.includes('"Apollo"'))).toHaveLength(1);
    // Marked pushed: a push while a run is going queues one more after it (SyncRunHandler).
    expect(await ctx.db.query(`SELECT 1 FROM sync_push_requests WHERE source = $1`, [SLUG])).toHaveLength(1);

    // Another mailbox's push starts nothing here.
    const count = (await runs()).length;
    await push(6, 'someone-else@acme.example');
    await waitFor(
      async () =>
        (await ctx.db.query(`SELECT 1 FROM webhook_events WHERE delivery_id = 'push-6' AND routed_at IS NOT NULL`))
          .length > 0,
      'the other push routed',
    );
    expect((await runs()).length).toBe(count);
  });

  it('renews the watch on demand (audited) and on its daily schedule, keeping expiry and history id', async () => {
    expect(await (await app().api(`/sync/sources/${SLUG}/gmail-watch`)).json()).toEqual({
      source: SLUG,
      watched: false,
    });
    // The topic does not let Gmail publish yet: the admin is told why, and nothing is kept.
    gmail.next(topicRefused);
    const refused = await app().api(`/sync/sources/${SLUG}/gmail-watch`, { method: 'POST' });
    expect(refused.status).toBe(502);
    expect(((await refused.json()) as { message: string }).message).toContain(
      'Gmail did not renew the watch of gmail: ',
    );
    expect(await ctx.db.query(`SELECT 1 FROM gmail_watches`)).toHaveLength(0);

    const renewed = await app().api(`/sync/sources/${SLUG}/gmail-watch`, { method: 'POST' });
    expect(renewed.status).toBe(200);
    const watch = (await renewed.json()) as Record<string, string>;
    expect(watch).toMatchObject({ source: SLUG, topicName: TOPIC, historyId: gmail.currentHistoryId, lastError: null });
    const expires = Date.parse(watch.expiresAt!);
    expect(expires).toBeGreaterThan(Date.now() + 6 * 24 * 3600 * 1000);
    expect(gmail.watches.at(-1)).toMatchObject({ topicName: TOPIC, labelIds: ['INBOX'] });
    const audited = await ctx.db.query<{ action: string }>(
      `SELECT action FROM audit_events WHERE action = 'sync.gmail_watch' AND target = $1`,
      [SLUG],
    );
    expect(audited).toHaveLength(1);

    // The daily job renews every watched source, and says why one failed (the topic lost Gmail's publisher grant).
    gmail.next(topicRefused);
    await app().app.get(JobQueue).send(gmailWatchQueue, {});
    const failed = await waitFor(async () => {
      const body = (await (await app().api(`/sync/sources/${SLUG}/gmail-watch`)).json()) as Record<
        string,
        string | null
      >;
      return body.lastError ? body : undefined;
    }, 'a failed renewal recorded');
    expect(failed.lastError).toContain('refused the credentials (403)');
    expect(failed.lastError).toContain('User not authorized to perform this action');
    expect(failed.expiresAt).toBe(watch.expiresAt);
    expect(
      await ctx.db.query(
        `SELECT 1 FROM operator_alerts WHERE kind = 'sync.gmail_watch_failed' AND resolved_at IS NULL`,
      ),
    ).toHaveLength(1);
    const watchesBefore = gmail.watches.length;
    await app().app.get(JobQueue).send(gmailWatchQueue, {});
    const again = await waitFor(async () => {
      const body = (await (await app().api(`/sync/sources/${SLUG}/gmail-watch`)).json()) as Record<
        string,
        string | null
      >;
      return body.lastError === null && gmail.watches.length > watchesBefore ? body : undefined;
    }, 'a scheduled renewal');
    expect(Date.parse(again.renewedAt!)).toBeGreaterThan(Date.parse(watch.renewedAt!));
    expect(
      await ctx.db.query(
        `SELECT 1 FROM operator_alerts WHERE kind = 'sync.gmail_watch_failed' AND resolved_at IS NULL`,
      ),
    ).toHaveLength(0);

    const stopped = await app().api(`/sync/sources/${SLUG}/gmail-watch`, { method: 'DELETE' });
    expect(stopped.status).toBe(200);
    expect(gmail.stops).toBe(1);
  });

  it('adds a Gmail source from the dashboard (the JSON key pasted into the credential field) and renews its watch there', async () => {
    const { browser } = await bootstrapBrowser(app().url, ctx.db);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(
      await (await browser.fetch(`${app().url}/dashboard/sources`)).text(),
    )![1]!;
    const post = (path: string, fields: Record<string, string> = {}) =>
      browser.fetch(`${app().url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: csrf, ...fields }),
      });
    const key = gmail.tokens.addServiceAccount('gmail-dashboard', [GMAIL_SCOPE]).key;
    const added = await post('/dashboard/sync-sources', {
      slug: 'gmail-dash',
      connector: 'gmail-messages',
      settings: JSON.stringify({ mailbox: MAILBOX, topicName: TOPIC }),
      // A one-line field drops the file's line breaks: the key is still the same JSON.
      secret: JSON.stringify(key, null, 2).replace(/\n/g, ''),
      intervalSeconds: '900',
    });
    expect(added.status).toBe(303);
    const page = visibleText(await (await browser.fetch(`${app().url}/dashboard/sources`)).text());
    expect(page).toContain('gmail-dash message gmail-messages 15 min');
    expect(page).toContain('Renew the Gmail watch of gmail-dash');

    const renewed = await post('/dashboard/sync-sources/gmail-dash/gmail-watch');
    expect(renewed.status).toBe(303);
    expect(renewed.headers.get('location')).toBe('/dashboard/sources?sync=watched#polled');
    const after = visibleText(await (await browser.fetch(`${app().url}/dashboard/sources?sync=watched`)).text());
    expect(after).toContain('Gmail watch renewed: Gmail pushes for another 7 days.');
    expect(after).toMatch(/Gmail push watch until/);
    expect(gmail.watches.at(-1)).toMatchObject({ topicName: TOPIC });
  });

  it('with fullSyncLimit 0 the first run backfills nothing: it only records where the mailbox is', async () => {
    const res = await postJson(app(), '/sync/sources', {
      slug: 'gmail-now',
      connector: 'gmail-messages',
      settings: { mailbox: MAILBOX, fullSyncLimit: 0 },
      secret: JSON.stringify(account.key),
      intervalSeconds: 3600,
    });
    expect(res.status).toBe(201);
    const runNow = async () => {
      const before = await ctx.db.query<RunRow>(`SELECT * FROM sync_runs WHERE source = 'gmail-now'`);
      await press('gmail-now');
      return waitFor(async () => {
        const all = await ctx.db.query<RunRow>(
          `SELECT * FROM sync_runs WHERE source = 'gmail-now' AND status <> 'running' ORDER BY started_at`,
        );
        return all.length > before.length ? all.at(-1) : undefined;
      }, 'a run of gmail-now');
    };
    expect(await runNow()).toMatchObject({ status: 'succeeded', created: 0 });
    gmail.receive({ from: 'Hedy <hedy@example.com>', to: MAILBOX, subject: 'Frequency hopping' });
    expect(await runNow()).toMatchObject({ status: 'succeeded', created: 1 });
    const stored = await ctx.db.query<EventRow>(
      `SELECT event_type, body FROM webhook_events WHERE source = 'gmail-now'`,
    );
    expect(stored.map((e) => [e.event_type, JSON.parse(e.body).subject as string])).toEqual([
      ['gmail-now.message.received', 'Frequency hopping'],
    ]);
  });
});
