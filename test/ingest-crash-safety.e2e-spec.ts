import { request as httpRequest } from 'node:http';
import { Client } from 'pg';
import { webhookProviders } from '../src/webhooks/providers/provider-registry';
import { githubHeaders, postGithub, pullRequestPayload } from './support/github';
import { useTestApp } from './support/switchyard';

/**
 * Whatever the provider, the inbox or the database does, every delivery is answered (500 with a
 * reference only for our own bugs, 503 while the database cannot store, 408 for a body that never
 * finishes) and the process keeps serving, with no unhandled rejection.
 */
describe('ingest crash safety', () => {
  const ctx = useTestApp({ roles: ['api'], env: { WEBHOOK_ANSWER_TIMEOUT_SECONDS: '2' } });
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  beforeAll(() => process.on('unhandledRejection', onUnhandled));
  afterAll(() => process.off('unhandledRejection', onUnhandled));
  afterEach(async () => {
    expect(unhandled).toEqual([]);
    expect((await fetch(`${ctx.app.url}/health`)).status).toBe(200);
    expect((await postGithub(ctx.app.url, pullRequestPayload(1))).status).toBe(202);
  });

  const message = async (res: Response) => ((await res.json()) as { message: string }).message;

  it('answers a provider’s own bug with 500 and a reference to the log, not the error', async () => {
    const github = webhookProviders.get('github')!;
    const parse = jest.spyOn(github, 'parse').mockImplementation(() => {
      throw new TypeError("Cannot read properties of undefined (reading 'secret internals')");
    });
    try {
      const res = await postGithub(ctx.app.url, pullRequestPayload(2), 'pull_request', {});
      expect(res.status).toBe(500);
      const body = (await res.json()) as { message: string; reference: string };
      expect(body.reference).toBe(res.headers.get('x-request-id'));
      expect(body.message).toBe(`Internal server error; reference ${body.reference}`);
      expect(JSON.stringify(body)).not.toContain('secret internals');
    } finally {
      parse.mockRestore();
    }
  });

  it('answers 503 while a trigger makes the database refuse every insert', async () => {
    await ctx.db.query(`
      CREATE FUNCTION refuse_inbox() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'inbox closed for maintenance'; END $$`);
    await ctx.db.query(
      'CREATE TRIGGER refuse_inbox BEFORE INSERT ON webhook_events FOR EACH ROW EXECUTE FUNCTION refuse_inbox()',
    );
    try {
      const res = await postGithub(ctx.app.url, pullRequestPayload(3));
      expect(res.status).toBe(503);
      expect(await message(res)).toBe('The delivery could not be stored and was not accepted; retry later');
    } finally {
      await ctx.db.query('DROP TRIGGER refuse_inbox ON webhook_events');
      await ctx.db.query('DROP FUNCTION refuse_inbox()');
    }
  });

  it('answers 400 with Postgres’s reason when it refuses a value of one delivery (no retry loop), storing the rest', async () => {
    await ctx.db.query(`
      CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.body LIKE '%poison%' THEN RAISE EXCEPTION 'poisoned value' USING ERRCODE = '22023'; END IF;
        RETURN NEW;
      END $$`);
    await ctx.db.query(
      'CREATE TRIGGER refuse_poison BEFORE INSERT ON webhook_events FOR EACH ROW EXECUTE FUNCTION refuse_poison()',
    );
    try {
      const [poisoned, healthy] = await Promise.all([
        postGithub(ctx.app.url, { ...pullRequestPayload(8), note: 'poison' }),
        postGithub(ctx.app.url, pullRequestPayload(9)),
      ]);
      expect(poisoned.status).toBe(400);
      expect(await message(poisoned)).toBe('The delivery cannot be stored: poisoned value');
      expect(healthy.status).toBe(202);
    } finally {
      await ctx.db.query('DROP TRIGGER refuse_poison ON webhook_events');
      await ctx.db.query('DROP FUNCTION refuse_poison()');
    }
  });

  it('answers 503 while the inbox table is gone', async () => {
    await ctx.db.query('ALTER TABLE webhook_events RENAME TO webhook_events_away');
    try {
      const res = await postGithub(ctx.app.url, pullRequestPayload(4));
      expect(res.status).toBe(503);
    } finally {
      await ctx.db.query('ALTER TABLE webhook_events_away RENAME TO webhook_events');
    }
  });

  it('answers 503 within WEBHOOK_ANSWER_TIMEOUT_SECONDS while the inbox is locked; the retry is then answered', async () => {
    const locker = new Client({ connectionString: ctx.db.url });
    await locker.connect();
    const delivery = 'f00dfeed-1111-4222-8333-444455556666';
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE webhook_events IN ACCESS EXCLUSIVE MODE');
      const res = await postGithub(ctx.app.url, pullRequestPayload(5), 'pull_request', { delivery });
      expect(res.status).toBe(503);
      expect(await message(res)).toBe('The delivery was not stored within 2 s and was not accepted; retry later');
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
    }
    const retry = await postGithub(ctx.app.url, pullRequestPayload(5), 'pull_request', { delivery });
    expect([200, 202]).toContain(retry.status);
  });

  it('keeps storing while counting refusals is stuck: a flood of forgeries never takes the pool', async () => {
    const locker = new Client({ connectionString: ctx.db.url });
    await locker.connect();
    let forgeries: Promise<number>[] = [];
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE ingest_rate_limits IN ACCESS EXCLUSIVE MODE');
      forgeries = Array.from({ length: 24 }, async (_, i) => {
        const res = await postGithub(ctx.app.url, pullRequestPayload(100 + i), 'pull_request', { secret: 'forged' });
        await res.arrayBuffer();
        return res.status;
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect((await postGithub(ctx.app.url, pullRequestPayload(7))).status).toBe(202);
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
    }
    for (const status of await Promise.all(forgeries)) expect([401, 503]).toContain(status);
  });

  it('answers 408 to a body that stops arriving, closes the connection, and stores nothing sent later', async () => {
    const body = JSON.stringify(pullRequestPayload(6));
    const delivery = 'feedbeef-1111-4222-8333-444455556666';
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL(`${ctx.app.url}/webhooks/github`);
      const req = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: { ...githubHeaders(body, 'pull_request', { delivery }), 'content-length': String(body.length) },
        },
        (res) => {
          res.resume();
          expect(res.headers.connection).toBe('close');
          // The rest arrives too late: the server has stopped reading.
          req.end(body.slice(100), () => resolve(res.statusCode!));
        },
      );
      req.on('error', () => undefined);
      req.on('close', () => reject(new Error('closed before an answer')));
      req.write(body.slice(0, 100));
    });
    expect(status).toBe(408);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await ctx.db.query('SELECT id FROM webhook_events WHERE delivery_id = $1', [delivery])).toEqual([]);
  });
});
