import { Client, Notification } from 'pg';
import { QueueClient } from '../src/platform/queue/queue-client';
import { bootstrapBrowser } from './support/dashboard';
import { openEventStream } from './support/event-stream';
import { RestartablePostgres } from './support/restartable-postgres';
import { postGithub, pullRequestPayload } from './support/github';
import { startTestApp, TestApp, waitFor } from './support/switchyard';
import { createTestDatabase, TestDatabase } from './support/test-database';

const BOOTSTRAP = { AUTH_BOOTSTRAP_LOGIN: 'on' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A connection of the test's own that LISTENs like the api does, keeping what arrives. */
async function listen(url: string) {
  const client = new Client({ connectionString: url });
  await client.connect();
  const received: Notification[] = [];
  client.on('notification', (n) => received.push(n));
  await client.query('LISTEN switchyard_live');
  const [{ pid }] = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows as [{ pid: number }];
  return { client, received, pid };
}

describe('dashboard live updates: Postgres notifications to Server-Sent Events', () => {
  let db: TestDatabase;
  let a: TestApp;
  let b: TestApp;
  let cookie: string;
  let csrf: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    // Two api processes (one also works jobs) on one database, as when api scales out.
    a = await startTestApp({ databaseUrl: db.url, roles: ['api', 'worker'], env: BOOTSTRAP });
    b = await startTestApp({ databaseUrl: db.url, roles: ['api'], env: BOOTSTRAP });
    const signedIn = await bootstrapBrowser(a.url, db);
    cookie = signedIn.cookie;
    const html = await (await signedIn.browser.fetch(`${a.url}/dashboard`)).text();
    csrf = /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
  });
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
    await db?.drop();
  });

  describe('the triggers', () => {
    it('finds pg-boss’s job table partitioned, written by partition, so the triggers sit on every partition', async () => {
      const tables = await db.query<{ table: string; kind: string; triggers: string[] }>(
        `SELECT t.relid::regclass::text AS table, c.relkind AS kind,
                array(SELECT tgname::text FROM pg_trigger WHERE tgrelid = t.relid AND tgname LIKE 'switchyard_live_%'
                      ORDER BY tgname) AS triggers
           FROM pg_partition_tree('pgboss.job') t JOIN pg_class c ON c.oid = t.relid ORDER BY t.level, 1`,
      );
      expect(tables[0]).toEqual({
        table: 'pgboss.job',
        kind: 'p',
        triggers: ['switchyard_live_insert', 'switchyard_live_update'],
      });
      expect(tables.map((t) => t.table)).toContain('pgboss.job_common');
      for (const t of tables) expect(t.triggers).toEqual(['switchyard_live_insert', 'switchyard_live_update']);
    });

    it('would miss pg-boss’s writes with a statement trigger on the parent alone', async () => {
      // pg-boss sends to `pgboss.job_common` by name; Postgres fires statement triggers only on the
      // table a statement names, never the partitioned parent's.
      await db.query(`CREATE TABLE parent_fired (at timestamptz DEFAULT now())`);
      await db.query(`CREATE FUNCTION note_parent() RETURNS trigger LANGUAGE plpgsql AS $$
                        BEGIN INSERT INTO parent_fired DEFAULT VALUES; RETURN NULL; END $$`);
      await db.query(
        `CREATE TRIGGER parent_only AFTER INSERT ON pgboss.job FOR EACH STATEMENT EXECUTE FUNCTION note_parent()`,
      );
      const listener = await listen(db.url);
      try {
        const jobId = await a.app.get(QueueClient).boss.send('webhook.route', { eventId: 'not-a-real-event' });
        expect(jobId).toBeTruthy();
        await waitFor(async () => listener.received.find((n) => n.payload === 'job'), 'a job notification');
        expect(await db.query('SELECT * FROM parent_fired')).toEqual([]);
      } finally {
        await listener.client.end();
        await db.query('DROP TRIGGER parent_only ON pgboss.job');
        await db.query('DROP FUNCTION note_parent() CASCADE');
        await db.query('DROP TABLE parent_fired');
      }
    });

    it('notifies once per statement that changed rows, and not for one that changed none', async () => {
      const listener = await listen(db.url);
      const writer = new Client({ connectionString: db.url });
      await writer.connect();
      try {
        const [{ pid }] = (await writer.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows as [
          { pid: number },
        ];
        const mine = () => listener.received.filter((n) => n.processId === pid).map((n) => n.payload);
        await writer.query(`SELECT pgboss.create_queue('live-test', '{"policy": "standard"}'::jsonb)`);
        // A batch of 100 jobs into the partition, as pg-boss's insert() does: one notification.
        await writer.query(
          `INSERT INTO pgboss.job_common (name, data) SELECT 'live-test', jsonb_build_object('n', n) FROM generate_series(1, 100) n`,
        );
        await waitFor(async () => mine().length === 1, 'the batch’s notification');
        // A fetch poll that claims nothing: no notification.
        await writer.query(`UPDATE pgboss.job_common SET state = 'active' WHERE name = 'live-test' AND false`);
        // Two statements in one transaction: identical notifications collapse into one.
        await writer.query('BEGIN');
        await writer.query(`UPDATE pgboss.job_common SET priority = 1 WHERE name = 'live-test'`);
        await writer.query(`UPDATE pgboss.job SET priority = 2 WHERE name = 'live-test'`);
        await writer.query('COMMIT');
        await writer.query(
          `INSERT INTO audit_events (source, actor_id, action) VALUES ('system', 'test', 'test.one'), ('system', 'test', 'test.two')`,
        );
        await writer.query(`UPDATE webhook_events SET routed_at = routed_at WHERE false`);
        await waitFor(async () => mine().length === 3, 'three notifications');
        await sleep(200);
        expect(mine()).toEqual(['job', 'job', 'audit']);
      } finally {
        await writer.end();
        await listener.client.end();
      }
    });
  });

  describe('GET /dashboard/live', () => {
    const stream = (app: TestApp) => openEventStream(`${app.url}/dashboard/live`, { cookie });

    it('streams with a retry hint to admins, and refuses others with a reason', async () => {
      const live = await stream(a);
      try {
        expect(live.status).toBe(200);
        expect(live.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
        expect(live.headers.get('cache-control')).toBe('no-store');
        await waitFor(async () => live.lines.length > 0, 'the first line');
        expect(live.lines[0]).toBe('retry: 2000');
      } finally {
        live.close();
      }
      expect((await openEventStream(`${a.url}/dashboard/live`, { accept: 'application/json' })).status).toBe(401);
      const program = await fetch(`${a.url}/dashboard/live`, { headers: { cookie, accept: 'application/json' } });
      expect(program.status).toBe(406);
      expect(await program.json()).toMatchObject({
        message:
          'This is the dashboard’s live update stream (Server-Sent Events): it answers Accept: text/event-stream',
      });
    });

    it('pushes a new webhook, its jobs and an audited action to the streams of every api process', async () => {
      const [onA, onB] = await Promise.all([stream(a), stream(b)]);
      try {
        const delivered = await postGithub(b.url, pullRequestPayload(5));
        expect(delivered.status).toBe(202);
        const { eventId } = (await delivered.json()) as { eventId: string };
        await Promise.all([onA.next('webhook'), onB.next('webhook'), onA.next('job'), onB.next('job')]);

        const from = [onA.events.length, onB.events.length] as const;
        const replayed = await fetch(`${a.url}/dashboard/webhooks/${eventId}/replay`, {
          method: 'POST',
          headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ _csrf: csrf }).toString(),
          redirect: 'manual',
        });
        expect(replayed.status).toBe(303);
        await Promise.all([onA.next('audit', from[0]), onB.next('audit', from[1])]);
        expect(onA.events.every((e) => !Number.isNaN(Date.parse(e.data)))).toBe(true);
      } finally {
        onA.close();
        onB.close();
      }
    });

    it('coalesces a burst into at most one push per kind per 500 ms', async () => {
      const live = await stream(b);
      try {
        await sleep(1_000); // let the previous test's pushes settle
        const from = live.events.length;
        const writer = new Client({ connectionString: db.url });
        await writer.connect();
        try {
          // 30 separate transactions, each a webhook_events change.
          for (let i = 0; i < 30; i++) await writer.query(`UPDATE webhook_events SET routed_at = routed_at`);
        } finally {
          await writer.end();
        }
        await sleep(1_500);
        const pushed = live.events.slice(from).filter((e) => e.event === 'webhook');
        expect(pushed.length).toBeGreaterThanOrEqual(1);
        expect(pushed.length).toBeLessThanOrEqual(2);
        if (pushed.length === 2) expect(pushed[1]!.at - pushed[0]!.at).toBeGreaterThanOrEqual(450);
      } finally {
        live.close();
      }
    });

    it('ends open streams when the process stops, without holding up the shutdown', async () => {
      const live = await stream(b);
      await waitFor(async () => live.lines.length > 0, 'the stream to open');
      const started = Date.now();
      await b.stop();
      await live.ended;
      expect(Date.now() - started).toBeLessThan(5_000);
    });
  });
});

describe('dashboard live updates when PostgreSQL restarts', () => {
  const postgres = new RestartablePostgres();
  let app: TestApp;
  let url: string;

  beforeAll(async () => {
    url = await postgres.start();
    app = await startTestApp({ databaseUrl: url, roles: ['api', 'worker'], env: BOOTSTRAP });
  });
  afterAll(async () => {
    await app?.stop();
    await postgres.remove();
  });

  it('listens again, tells the pages to refresh everything, and keeps pushing', async () => {
    const db = {
      query: async <T>(sql: string, params?: unknown[]) => {
        const client = new Client({ connectionString: url });
        await client.connect();
        try {
          return (await client.query(sql, params)).rows as T[];
        } finally {
          await client.end();
        }
      },
    } as unknown as TestDatabase;
    const { cookie } = await bootstrapBrowser(app.url, db);
    const live = await openEventStream(`${app.url}/dashboard/live`, { cookie });
    try {
      await waitFor(async () => live.lines.length > 0, 'the stream to open');
      await postgres.stop();
      await sleep(500);
      const from = live.events.length;
      await postgres.start();
      await Promise.all(['webhook', 'job', 'audit'].map((kind) => live.next(kind, from, 20_000)));

      const after = live.events.length;
      await sleep(600);
      await waitFor(
        async () => (await postGithub(app.url, pullRequestPayload(9))).status === 202,
        'ingest to work again',
      );
      await live.next('webhook', after);
    } finally {
      live.close();
    }
  });
});
