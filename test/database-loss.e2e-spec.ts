import { Client } from 'pg';
import { Child, runSwitchyard } from './support/child-process';
import { freePort } from './support/free-port';
import { postGithub, pullRequestPayload } from './support/github';
import { HoldingProxy } from './support/holding-proxy';
import { TEST_API_SECRET, TEST_GITHUB_SECRET, waitFor } from './support/switchyard';
import { createTestDatabase, TestDatabase } from './support/test-database';

/**
 * `node dist/main.js` processes (as operators run them; `npm test` builds first) whose database
 * connections are cut in the middle of their work, as a PostgreSQL restart or
 * pg_terminate_backend does: the process answers for what it could not do and keeps serving.
 */
describe('a database connection lost mid-work never ends the process', () => {
  let db: TestDatabase;
  let proxy: HoldingProxy;
  const env = (extra: Record<string, string>) => ({
    RUNTIME_ENV: 'test',
    DATABASE_URL: proxy.urlFor(db.url),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    ROLES: undefined,
    SECRETS_KEY: 'test-secrets-key-0123456789-abcdefghij',
    API_SHARED_SECRET: TEST_API_SECRET,
    GITHUB_WEBHOOK_SECRET: TEST_GITHUB_SECRET,
    ...extra,
  });
  /** Cuts the connections of `db` whose current (or last) statement matches `query`; how many. */
  const terminate = async (query: string): Promise<number> => {
    const [row] = await db.query<{ n: number }>(
      `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE $1`,
      [query],
    );
    return row?.n ?? 0;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    const target = new URL(db.url);
    proxy = await new HoldingProxy({ host: target.hostname, port: Number(target.port) }).start();
    const migrate = runSwitchyard(['migrate'], env({}));
    expect((await migrate.exited).code).toBe(0);
  });
  afterAll(async () => {
    await proxy?.stop();
    await db?.drop();
  });

  describe('the api', () => {
    let api: Child;
    let url = '';
    beforeAll(async () => {
      const port = await freePort();
      url = `http://127.0.0.1:${port}`;
      api = runSwitchyard(['api'], env({ PORT: String(port) }));
      await api.waitForOutput(/Switchyard ready/, 60_000);
    });
    afterAll(async () => {
      api.process.kill('SIGTERM');
      await api.exited;
    });
    afterEach(() => {
      expect(api.process.exitCode).toBeNull();
      expect(api.output()).not.toContain("Unhandled 'error' event");
    });

    it('answers 503 for a delivery whose insert loses its connection, and stores the next one', async () => {
      const locker = new Client({ connectionString: db.url });
      await locker.connect();
      try {
        // The insert waits behind this lock, so it is on the wire when its connection is cut.
        await locker.query('BEGIN');
        await locker.query('LOCK TABLE webhook_events IN ACCESS EXCLUSIVE MODE');
        const cut = postGithub(url, pullRequestPayload(1));
        await waitFor(async () => (await terminate('%INSERT INTO webhook_events%')) === 1, 'the insert to be cut');
        await locker.query('ROLLBACK');
        const answer = await cut;
        expect(answer.status).toBe(503);
        expect(await answer.json()).toMatchObject({ message: expect.stringMatching(/retry later$/) });
      } finally {
        await locker.end();
      }
      expect((await postGithub(url, pullRequestPayload(2))).status).toBe(202);
    });

    it('survives a connection that ends right after its insert committed (read together), and acknowledges it', async () => {
      expect((await postGithub(url, pullRequestPayload(3))).status).toBe(202); // sources cached, a pooled connection warm
      proxy.hold();
      const delivery = postGithub(url, pullRequestPayload(4));
      // Committed (the answer waits in the proxy): now the connection goes away.
      await waitFor(
        async () => (await db.query(`SELECT 1 FROM webhook_events WHERE body::jsonb->>'number' = '4'`)).length === 1,
        'the insert to commit',
      );
      expect(await terminate('%INSERT INTO webhook_events%')).toBe(1);
      await proxy.serverClosedOne();
      proxy.release();
      expect((await delivery).status).toBe(202);
      expect((await postGithub(url, pullRequestPayload(5))).status).toBe(202);
    });
  });
});
