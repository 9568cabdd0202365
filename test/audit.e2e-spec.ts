import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditLog } from '../src/audit/audit-log';
import { JobQueue } from '../src/platform/queue/job-queue';
import { webhookRouteQueue } from '../src/routing/webhook-route.queue';
import { postGithub, pullRequestPayload } from './support/github';
import { postJson, startTestApp, TestApp, waitFor } from './support/switchyard';
import { createTestDatabase, TestDatabase } from './support/test-database';

interface AuditView {
  id: string;
  at: string;
  source: string;
  actor: { id: string; name: string | null };
  action: string;
  target: string | null;
  data: Record<string, any>;
}
interface AuditPage {
  events: AuditView[];
  next: string | null;
}

const json = { 'content-type': 'application/json' };

describe('audit trail', () => {
  let db: TestDatabase;
  let app: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startTestApp({ databaseUrl: db.url });
  });
  afterAll(async () => {
    await app?.stop();
    await db?.drop();
  });

  const page = async (query: string): Promise<AuditPage> => {
    const res = await app.api(`/audit/events${query}`);
    expect(res.status).toBe(200);
    return (await res.json()) as AuditPage;
  };
  const latest = async (action: string) => (await page(`?action=${action}&limit=1`)).events[0];

  it('records every admin change made with the API secret, as the `api` actor, without secrets', async () => {
    const rule = (await (await postJson(app, '/rules', { text: 'when github.push then log' })).json()) as {
      id: string;
    };
    await app.api(`/rules/${rule.id}`, { method: 'PATCH', headers: json, body: JSON.stringify({ enabled: false }) });
    await app.api('/rules/order', { method: 'PUT', headers: json, body: JSON.stringify({ ids: [rule.id] }) });
    await postJson(app, '/rules/test', { text: 'when github.push then log', eventType: 'github.push', payload: {} });
    await app.api(`/rules/${rule.id}`, { method: 'DELETE' });

    await postJson(app, '/webhooks/sources', { slug: 'audited', provider: 'github', secret: 'do-not-log-me-1' });
    await app.api('/webhooks/sources/audited', {
      method: 'PATCH',
      headers: json,
      body: JSON.stringify({ rateLimitPerMinute: 60 }),
    });
    await postJson(app, '/webhooks/sources/audited/rotate', { secret: 'do-not-log-me-2' });
    await postJson(app, '/webhooks/sources/audited/disable', {});
    await postJson(app, '/webhooks/sources/audited/enable', {});

    const { eventId } = (await (await postGithub(app.url, pullRequestPayload(9))).json()) as { eventId: string };
    await app.api(`/webhooks/events/${eventId}/replay`, { method: 'POST' });
    const replay = (await (await postJson(app, '/webhooks/replays', { source: 'github' })).json()) as { id: string };

    const queue = app.app.get(JobQueue);
    const { id: doomed } = await queue.send(webhookRouteQueue, { eventId: randomUUID() });
    await waitFor(
      async () => ((await (await app.api(`/jobs/${doomed}`)).json()) as { state: string }).state === 'dead',
      'a dead job',
    );
    await app.api(`/jobs/${doomed}/retry`, { method: 'POST' });
    const { id: later } = await queue.send(
      webhookRouteQueue,
      { eventId: randomUUID() },
      { startAfter: new Date(Date.now() + 3_600_000) },
    );
    await app.api(`/jobs/${later}/cancel`, { method: 'POST' });
    // A refused change is not an action: nothing recorded.
    expect((await app.api(`/jobs/${later}/cancel`, { method: 'POST' })).status).toBe(409);

    const { events } = await page('?actor=api&limit=200');
    const trail = events.reverse().map((e) => [e.action, e.target]);
    expect(trail).toEqual([
      ['rule.create', rule.id],
      ['rule.update', rule.id],
      ['rule.reorder', null],
      ['rule.delete', rule.id],
      ['source.create', 'audited'],
      ['source.update', 'audited'],
      ['source.rotate_secret', 'audited'],
      ['source.disable', 'audited'],
      ['source.enable', 'audited'],
      ['event.replay', eventId],
      ['event.bulk_replay', replay.id],
      ['job.retry', doomed],
      ['job.cancel', later],
    ]);
    expect(
      events.every((e) => e.source === 'api' && e.actor.id === 'api' && e.actor.name === 'API shared secret'),
    ).toBe(true);
    expect((await latest('rule.update'))!.data).toEqual({ request: { enabled: false } });
    expect((await latest('source.create'))!.data).toEqual({ request: { slug: 'audited', provider: 'github' } });
    expect(JSON.stringify(events)).not.toMatch(/do-not-log-me/);
  });

  it('takes events reported by other systems (the bot) for discord only, naming who reported them', async () => {
    const reported = await postJson(app, '/audit/events', {
      source: 'discord',
      actor: { id: '830000000000000001', name: 'ada' },
      action: 'schedule.add',
      target: 'weekly-standup',
      data: { channel: '123' },
    });
    expect(reported.status).toBe(201);
    expect(await reported.json()).toMatchObject({
      source: 'discord',
      actor: { id: '830000000000000001', name: 'ada' },
      action: 'schedule.add',
      target: 'weekly-standup',
      data: { channel: '123' },
      via: { id: 'api', name: 'API shared secret' },
    });
    const refusals = await Promise.all([
      postJson(app, '/audit/events', { source: 'admin_dashboard', actor: { id: 'x' }, action: 'rule.create' }),
      postJson(app, '/audit/events', { source: 'discord', actor: { id: 'x' }, action: 'Drop Table' }),
      postJson(app, '/audit/events', { source: 'discord', action: 'schedule.add' }),
      postJson(app, '/audit/events', {
        source: 'discord',
        actor: { id: 'x' },
        action: 'a.b',
        data: { blob: 'x'.repeat(20_000) },
      }),
    ]);
    expect(refusals.map((r) => r.status)).toEqual([400, 400, 400, 400]);
    expect(((await refusals[0].json()) as { message: string[] }).message).toContain('source must be one of: discord');
  });

  it('filters by actor, source, action and time, and pages newest first without gaps or repeats', async () => {
    const at = '2030-01-01T00:00:00.000Z';
    // Seven events, four sharing one timestamp, so paging must break ties by id.
    for (let i = 0; i < 7; i++) {
      await db.query(
        `INSERT INTO audit_events (at, source, actor_id, actor_name, action, target, data) VALUES ($1, 'discord', 'pager', 'Pager', $2, $3, '{}')`,
        [i < 4 ? at : `2030-01-0${i - 2}T00:00:00.000Z`, i % 2 === 0 ? 'page.even' : 'page.odd', String(i)],
      );
    }
    const seen: string[] = [];
    let cursor: string | null = '';
    let pages = 0;
    while (cursor !== null) {
      const result = await page(`?actor=pager&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...result.events.map((e) => e.target!));
      cursor = result.next;
      pages++;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(['6', '5', '4', '3', '2', '1', '0']);

    expect((await page('?actor=pager&action=page.even')).events.map((e) => e.target)).toEqual(['6', '4', '2', '0']);
    expect((await page('?actor=pager&action=page.*')).events).toHaveLength(7);
    expect(
      (await page(`?actor=pager&from=2030-01-02T00:00:00Z&to=2030-01-04T00:00:00Z`)).events.map((e) => e.target),
    ).toEqual(['5', '4']);
    expect((await page('?source=discord&actor=pager&limit=1')).events).toHaveLength(1);
    expect((await page('?source=admin_dashboard&actor=pager')).events).toEqual([]);

    for (const bad of ['?source=email', '?cursor=nonsense', '?from=yesterday', '?limit=0', '?action=DROP']) {
      expect((await app.api(`/audit/events${bad}`)).status).toBe(400);
    }
    const forged = Buffer.from(JSON.stringify({ at, id: 'not-a-number' })).toString('base64url');
    expect((await app.api(`/audit/events?cursor=${forged}`)).status).toBe(400);
  });

  describe('when the trail cannot be written', () => {
    const breakTrail = () => db.query(`ALTER TABLE audit_events ADD CONSTRAINT trail_down CHECK (false) NOT VALID`);
    const mendTrail = () => db.query('ALTER TABLE audit_events DROP CONSTRAINT trail_down');

    it('refuses the admin change: nothing is committed without its audit event', async () => {
      await breakTrail();
      try {
        const created = await postJson(app, '/rules', { text: 'when github.issues.* then log' });
        expect(created.status).toBe(500);
      } finally {
        await mendTrail();
      }
      expect(await db.query(`SELECT id FROM rules WHERE text = 'when github.issues.* then log'`)).toEqual([]);
    });

    it('fails the caller’s transaction when writing inside it', async () => {
      const dataSource = app.app.get(DataSource);
      const audit = app.app.get(AuditLog);
      await breakTrail();
      try {
        await expect(
          dataSource.transaction(async (manager) => {
            await manager.query(
              `INSERT INTO rules (text, parsed, enabled, position) VALUES ('when a.b then log', '{}', false, 99)`,
            );
            await audit.record({ source: 'system', actor: { id: 'system' }, action: 'rule.create' }, manager);
          }),
        ).rejects.toThrow(/trail_down/);
      } finally {
        await mendTrail();
      }
      expect(await db.query('SELECT position FROM rules WHERE position = 99')).toEqual([]);
    });
  });
});
