import { request as httpRequest } from 'node:http';
import { githubHeaders, postGithub, pullRequestPayload } from './support/github';
import { startTestApp, TestApp, waitFor } from './support/switchyard';
import { createTestDatabase, TestDatabase } from './support/test-database';

describe('GitHub webhook ingest (api + worker)', () => {
  let db: TestDatabase;
  let app: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startTestApp({
      databaseUrl: db.url,
      env: { GITHUB_WEBHOOK_SECRET: 'old-secret, github-webhook-secret', WEBHOOK_MAX_BODY_BYTES: '65536' },
    });
  });

  afterAll(async () => {
    await app?.stop();
    await db?.drop();
  });

  const eventCount = async () =>
    Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM webhook_events'))[0]!.n);

  it('stores a signed delivery, routes it in the worker, and shows the job as succeeded', async () => {
    const res = await postGithub(app.url, pullRequestPayload(7));
    expect(res.status).toBe(202);
    const { eventId, jobId } = (await res.json()) as { eventId: string; jobId: string };

    const job = await waitFor(async () => {
      const body = (await (await app.api(`/jobs/${jobId}`)).json()) as { state: string };
      return body.state === 'succeeded' ? body : undefined;
    }, 'the webhook.route job to succeed');
    expect(job).toMatchObject({ id: jobId, type: 'webhook.route', state: 'succeeded', attempts: 1, data: { eventId } });

    const [event] = await db.query('SELECT * FROM webhook_events WHERE id = $1', [eventId]);
    expect(event).toMatchObject({
      source: 'github',
      provider: 'github',
      event_type: 'github.pull_request.opened',
      provider_event_type: 'pull_request',
      routing_status: 'routed',
      description: 'acme/api: pull request opened #7 by octocat',
    });
    expect(JSON.parse(event!.body as string)).toEqual(pullRequestPayload(7));
    expect((event!.headers as Record<string, string>)['x-hub-signature-256']).toBe('[redacted]');
    const [source] = await db.query<{ secrets: { id: string }[] }>(
      `SELECT secrets FROM webhook_sources WHERE slug = 'github'`,
    );
    const current = source!.secrets.map((s) => s.id);
    expect(event!.verification).toEqual({ ok: true, method: 'hmac-sha256', secretId: expect.any(String) });
    expect(current).toContain((event!.verification as { secretId: string }).secretId);
  });

  it('accepts a delivery signed with the older of two rotated secrets', async () => {
    const res = await postGithub(app.url, pullRequestPayload(8), 'pull_request', { secret: 'old-secret' });
    expect(res.status).toBe(202);
  });

  it('answers a repeated delivery id with the first ids and stores nothing new', async () => {
    const delivery = 'b1a5e0a0-1111-4222-8333-444455556666';
    const first = await postGithub(app.url, pullRequestPayload(9), 'pull_request', { delivery });
    const firstBody = (await first.json()) as Record<string, unknown>;
    const before = await eventCount();
    const again = await postGithub(app.url, pullRequestPayload(9), 'pull_request', { delivery });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ ...firstBody, duplicate: true });
    expect(await eventCount()).toBe(before);
  });

  it('stores concurrent copies of one delivery once', async () => {
    const delivery = 'c0ffee00-1111-4222-8333-444455556666';
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => postGithub(app.url, pullRequestPayload(10), 'pull_request', { delivery })),
    );
    const bodies = (await Promise.all(answers.map((r) => r.json()))) as { eventId: string }[];
    expect(answers.filter((r) => r.status === 202)).toHaveLength(1);
    expect(new Set(bodies.map((b) => b.eventId)).size).toBe(1);
    const rows = await db.query('SELECT id FROM webhook_events WHERE delivery_id = $1', [delivery]);
    expect(rows).toHaveLength(1);
  });

  it('answers and stores ping events', async () => {
    const res = await postGithub(
      app.url,
      { zen: 'Keep it logically awesome.', hook_id: 123456789, repository: { full_name: 'acme/api' } },
      'ping',
    );
    expect(res.status).toBe(202);
    const { eventId } = (await res.json()) as { eventId: string };
    const [event] = await db.query('SELECT event_type FROM webhook_events WHERE id = $1', [eventId]);
    expect(event).toEqual({ event_type: 'github.ping' });
  });

  it('accepts the form-encoded content type GitHub can be set to', async () => {
    const json = JSON.stringify(pullRequestPayload(11));
    const body = new URLSearchParams({ payload: json }).toString();
    const headers = { ...githubHeaders(body), 'content-type': 'application/x-www-form-urlencoded' };
    const res = await fetch(`${app.url}/webhooks/github`, { method: 'POST', headers, body });
    expect(res.status).toBe(202);
  });

  describe('refuses bad input with a reason and stores nothing', () => {
    const body = JSON.stringify(pullRequestPayload(1));
    let before: number;
    beforeEach(async () => {
      before = await eventCount();
    });
    afterEach(async () => {
      expect(await eventCount()).toBe(before);
    });

    const post = (headers: Record<string, string>, payload: string | Buffer = body, path = '/webhooks/github') =>
      fetch(`${app.url}${path}`, { method: 'POST', headers, body: payload });

    it('401 for a tampered body', async () => {
      const res = await post(githubHeaders(body), body.replace('opened', 'closed'));
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ message: expect.stringContaining('does not match') });
    });

    it('401 for a wrong secret', async () => {
      const res = await post(githubHeaders(body, 'pull_request', { secret: 'not-the-secret' }));
      expect(res.status).toBe(401);
    });

    it('401 for a missing signature', async () => {
      const { 'x-hub-signature-256': _omitted, ...headers } = githubHeaders(body);
      const res = await post(headers);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ message: 'Missing X-Hub-Signature-256 header' });
    });

    it('400 for a signed body that is not JSON', async () => {
      const res = await post(githubHeaders('not json'), 'not json');
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ message: expect.stringContaining('not valid JSON') });
    });

    it('400 for a missing delivery id', async () => {
      const { 'x-github-delivery': _omitted, ...headers } = githubHeaders(body);
      const res = await post(headers);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ message: 'Missing X-GitHub-Delivery header' });
    });

    it('415 for an unsupported content type', async () => {
      const res = await post({ ...githubHeaders(body), 'content-type': 'text/xml' });
      expect(res.status).toBe(415);
    });

    it('404 for an unknown source, in Nest’s error shape, with the caller’s request id, never cached', async () => {
      const res = await post({ ...githubHeaders(body), 'x-request-id': 'delivery-4711' }, body, '/webhooks/gitlab');
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({
        statusCode: 404,
        error: 'Not Found',
        message: 'No webhook source "gitlab" is configured',
      });
      expect(res.headers.get('x-request-id')).toBe('delivery-4711');
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    });

    it('400 for a source name that is not valid percent-encoding', async () => {
      const res = await post(githubHeaders(body), body, '/webhooks/git%E0%A4%A');
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ message: expect.stringContaining('percent-encoding') });
    });

    it('leaves the admin paths below /webhooks to the admin API: no session, no way in', async () => {
      const res = await post(githubHeaders(body), body, '/webhooks/replays');
      expect(res.status).toBe(401);
    });

    it('413 for a declared body over WEBHOOK_MAX_BODY_BYTES', async () => {
      const big = JSON.stringify({ ...pullRequestPayload(2), padding: 'x'.repeat(70_000) });
      const res = await post(githubHeaders(big), big);
      expect(res.status).toBe(413);
      expect(await res.json()).toMatchObject({ message: expect.stringContaining('WEBHOOK_MAX_BODY_BYTES') });
    });

    it('413 for a chunked body that grows over the limit', async () => {
      const status = await new Promise<number>((resolve, reject) => {
        const url = new URL(`${app.url}/webhooks/github`);
        const req = httpRequest(
          { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: githubHeaders(body) },
          (res) => {
            res.resume();
            resolve(res.statusCode!);
          },
        );
        req.on('error', reject);
        for (let i = 0; i < 20; i++) req.write('x'.repeat(8192));
        req.end();
      });
      expect(status).toBe(413);
    });
  });

  it('keeps serving after all of the above', async () => {
    expect((await fetch(`${app.url}/health`)).status).toBe(200);
    expect((await postGithub(app.url, pullRequestPayload(12))).status).toBe(202);
  });
});
