import { JobQueue } from '../src/platform/queue/job-queue';
import { pruneEventsQueue } from '../src/webhooks/retention/prune-events.queue';
import { githubHeaders, pullRequestPayload } from './support/github';
import { postJson, useTestApp, waitFor } from './support/switchyard';

const json = { 'content-type': 'application/json' };

describe('webhook sources, events and replay', () => {
  const ctx = useTestApp();

  const createSource = async (body: Record<string, unknown>) => {
    const res = await postJson(ctx.app, '/webhooks/sources', body);
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };
  function githubRequest(secret: string, n: number): RequestInit {
    const body = JSON.stringify(pullRequestPayload(n));
    return { method: 'POST', headers: githubHeaders(body, 'pull_request', { secret }), body };
  }

  it('creates a source whose secret is shown once and stored sealed', async () => {
    const created = await createSource({ slug: 'acme-gh', provider: 'github' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      slug: 'acme-gh',
      provider: 'github',
      url: '/webhooks/acme-gh',
      enabled: true,
    });
    const secret = created.body.secret as string;
    expect(secret.length).toBeGreaterThanOrEqual(32);

    const listed = (await (await ctx.app.api('/webhooks/sources')).json()) as Record<string, unknown>[];
    expect(JSON.stringify(listed)).not.toContain(secret);
    const [row] = await ctx.db.query<{ secrets: string }>(
      `SELECT secrets::text FROM webhook_sources WHERE slug = 'acme-gh'`,
    );
    expect(row!.secrets).not.toContain(secret);

    expect((await fetch(`${ctx.app.url}/webhooks/acme-gh`, githubRequest(secret, 1))).status).toBe(202);
    expect((await fetch(`${ctx.app.url}/webhooks/acme-gh`, githubRequest('guess', 1))).status).toBe(401);
  });

  it('rotates: old and new secrets verify during the grace period, only the new one after', async () => {
    const { body } = await createSource({ slug: 'rotating', provider: 'github', secret: 'first-secret-1' });
    const rotated = await ctx.app.api('/webhooks/sources/rotating/rotate', {
      method: 'POST',
      headers: json,
      body: '{}',
    });
    const { secret: second } = (await rotated.json()) as { secret: string };
    expect(second).not.toBe(body.secret);
    expect((await fetch(`${ctx.app.url}/webhooks/rotating`, githubRequest('first-secret-1', 2))).status).toBe(202);
    expect((await fetch(`${ctx.app.url}/webhooks/rotating`, githubRequest(second, 3))).status).toBe(202);

    await ctx.app.api('/webhooks/sources/rotating/rotate', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ secret: 'third-secret-3', previousValidForSeconds: 0 }),
    });
    expect((await fetch(`${ctx.app.url}/webhooks/rotating`, githubRequest(second, 4))).status).toBe(401);
    expect((await fetch(`${ctx.app.url}/webhooks/rotating`, githubRequest('third-secret-3', 5))).status).toBe(202);
  });

  it('refuses deliveries to a disabled source with 403 and a reason, without a restart', async () => {
    await createSource({ slug: 'paused', provider: 'github', secret: 'paused-secret' });
    await ctx.app.api('/webhooks/sources/paused/disable', { method: 'POST' });
    const refused = await fetch(`${ctx.app.url}/webhooks/paused`, githubRequest('paused-secret', 6));
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ message: 'Webhook source "paused" is disabled' });
    await ctx.app.api('/webhooks/sources/paused/enable', { method: 'POST' });
    expect((await fetch(`${ctx.app.url}/webhooks/paused`, githubRequest('paused-secret', 7))).status).toBe(202);
  });

  it('answers 429 with Retry-After over the per-source rate limit', async () => {
    await createSource({ slug: 'limited', provider: 'github', secret: 'limited-secret', rateLimitPerMinute: 2 });
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${ctx.app.url}/webhooks/limited`, githubRequest('limited-secret', 10 + i));
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get('retry-after');
    }
    expect(statuses).toEqual([202, 202, 429]);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
  });

  it('counts refusals by source and reason and shows the latest, without bodies', async () => {
    const { counts, recent } = (await (await ctx.app.api('/webhooks/rejections')).json()) as {
      counts: { source: string; reason: string; count: number }[];
      recent: { source: string; reason: string; message: string }[];
    };
    expect(counts).toEqual(
      expect.arrayContaining([
        { source: 'limited', reason: 'rate_limited', count: 1 },
        { source: 'paused', reason: 'source_disabled', count: 1 },
        { source: 'rotating', reason: 'bad_signature', count: 1 },
        { source: 'acme-gh', reason: 'bad_signature', count: 1 },
      ]),
    );
    expect(recent[0]).toMatchObject({
      source: 'limited',
      reason: 'rate_limited',
      message: expect.stringContaining('2 deliveries per minute'),
    });
    expect(JSON.stringify(recent)).not.toContain('octocat');
  });

  it.each([
    [{ slug: 'Bad Slug', provider: 'github' }, 400, 'slug must be lower-case letters, digits, - or _ (at most 63)'],
    [{ slug: 'ok', provider: 'gitlab' }, 400, 'provider must be one of'],
    [{ slug: 'events', provider: 'github' }, 400, 'slug "events" is reserved for the admin API'],
    [{ slug: 'acme-gh', provider: 'github' }, 409, 'A source "acme-gh" already exists'],
  ])('refuses %j with %i', async (body, status, message) => {
    const res = await createSource(body);
    expect(res.status).toBe(status);
    expect([res.body.message].flat().join(' ')).toContain(message);
  });

  it('lists and shows stored events with redacted headers, and replays one', async () => {
    const page = (await (await ctx.app.api('/webhooks/events?source=acme-gh&type=github.pull_request.*')).json()) as {
      events: { id: string; type: string; description: string }[];
    };
    expect(page.events).toHaveLength(1);
    const [event] = page.events;
    expect(event).toMatchObject({
      type: 'github.pull_request.opened',
      description: 'acme/api: pull request opened #1 by octocat',
    });

    const detail = (await (await ctx.app.api(`/webhooks/events/${event!.id}`)).json()) as Record<string, any>;
    expect(detail.headers['x-hub-signature-256']).toBe('[redacted]');
    expect(detail.body).toEqual(pullRequestPayload(1));
    expect(detail.verification).toMatchObject({ ok: true, method: 'hmac-sha256' });

    const replay = await ctx.app.api(`/webhooks/events/${event!.id}/replay`, { method: 'POST' });
    expect(replay.status).toBe(202);
    const { jobId } = (await replay.json()) as { jobId: string };
    expect(jobId).not.toBe(detail.routeJobId);
    await waitFor(
      async () => ((await (await ctx.app.api(`/jobs/${jobId}`)).json()) as { state: string }).state === 'succeeded',
      'replay',
    );
    const after = (await (await ctx.app.api(`/webhooks/events/${event!.id}`)).json()) as Record<string, any>;
    expect(after).toMatchObject({ routingStatus: 'routed', routeJobId: jobId });
  });

  it('replays every event of a source in the background and reports progress', async () => {
    const started = await ctx.app.api('/webhooks/replays', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ source: 'rotating' }),
    });
    expect(started.status).toBe(202);
    const { id, total } = (await started.json()) as { id: string; total: number };
    expect(total).toBe(3);
    const done = await waitFor(async () => {
      const progress = (await (await ctx.app.api(`/webhooks/replays/${id}`)).json()) as {
        state: string;
        done: number;
        progress: number;
      };
      return progress.state === 'completed' ? progress : undefined;
    }, 'the bulk replay');
    expect(done).toMatchObject({ done: 3, progress: 1 });
    await waitFor(
      async () =>
        (await ctx.db.query(`SELECT 1 FROM webhook_events WHERE source = 'rotating' AND routing_status <> 'routed'`))
          .length === 0,
      'the replayed events to be routed',
    );
  });

  it('refuses a bulk replay filter it cannot read', async () => {
    const res = await ctx.app.api('/webhooks/replays', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ from: 'yesterday' }),
    });
    expect(res.status).toBe(400);
    expect([((await res.json()) as { message: string[] }).message].flat()).toContain('from must be an ISO 8601 time');
  });

  it('prunes events older than the retention period', async () => {
    await ctx.db.query(`UPDATE webhook_events SET received_at = now() - interval '40 days' WHERE source = 'limited'`);
    const before = await ctx.db.query(`SELECT id FROM webhook_events WHERE source <> 'limited'`);
    const { id } = await ctx.app.app.get(JobQueue).send(pruneEventsQueue, {});
    await waitFor(
      async () => ((await (await ctx.app.api(`/jobs/${id}`)).json()) as { state: string }).state === 'succeeded',
      'the prune job',
    );
    const job = (await (await ctx.app.api(`/jobs/${id}`)).json()) as { result: { deleted: number } };
    expect(job.result.deleted).toBe(2);
    expect(await ctx.db.query(`SELECT id FROM webhook_events`)).toHaveLength(before.length);
  });
});
