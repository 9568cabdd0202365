import { randomUUID } from 'node:crypto';
import { githubHeaders, pullRequestPayload } from './support/github';
import { postJson, startTestApp, TestApp } from './support/switchyard';
import { createTestDatabase, TestDatabase } from './support/test-database';

/**
 * Two api processes on one database. Limits are counted in Postgres, so they hold across both;
 * only verified deliveries draw on a source's allowance; refused ones count per client address
 * (the one TRUST_PROXY says: here loopback proxies are trusted, so X-Forwarded-For names it).
 */
describe('ingest rate limits across api processes', () => {
  let db: TestDatabase;
  let a: TestApp;
  let b: TestApp;
  const env = { WEBHOOK_REFUSED_PER_ADDRESS_PER_MINUTE: '5', TRUST_PROXY: 'loopback' };

  beforeAll(async () => {
    db = await createTestDatabase();
    a = await startTestApp({ databaseUrl: db.url, roles: ['api'], env });
    b = await startTestApp({ databaseUrl: db.url, roles: ['api'], env });
    // Made before either process reads its sources (each caches them for a few seconds).
    await createSource('guarded', 'guarded-secret', 3);
    await createSource('shared', 'shared-secret', 4);
    await createSource('probed', 'probed-secret');
    await createSource('elsewhere', 'elsewhere-secret');
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await db?.drop();
  });

  const createSource = async (slug: string, secret: string, rateLimitPerMinute?: number) => {
    const res = await postJson(a, '/webhooks/sources', { slug, provider: 'github', secret, rateLimitPerMinute });
    expect(res.status).toBe(201);
  };
  /** A delivery to `slug` from `client` (by X-Forwarded-For), signed with `secret`. */
  const deliver = (app: TestApp, slug: string, secret: string, client = '198.51.100.1') => {
    const body = JSON.stringify(pullRequestPayload(1));
    return fetch(`${app.url}/webhooks/${slug}`, {
      method: 'POST',
      headers: {
        ...githubHeaders(body, 'pull_request', { secret, delivery: randomUUID() }),
        'x-forwarded-for': client,
      },
      body,
    });
  };
  const statuses = async (sends: (() => Promise<Response>)[]) => {
    const result: number[] = [];
    for (const send of sends) result.push((await send()).status);
    return result;
  };
  const times = <T>(n: number, make: () => T): T[] => Array.from({ length: n }, make);

  it('counts only verified deliveries against a source: forged ones cannot use up its allowance', async () => {
    // Forgeries from many addresses, each under its own refusal limit.
    const forged = await statuses(
      times(12, () => undefined).map((_, i) => () => deliver(i % 2 ? a : b, 'guarded', 'wrong', `203.0.113.${i}`)),
    );
    expect(forged).toEqual(times(12, () => 401));
    const real = await statuses([
      () => deliver(a, 'guarded', 'guarded-secret'),
      () => deliver(b, 'guarded', 'guarded-secret'),
      () => deliver(a, 'guarded', 'guarded-secret'),
    ]);
    expect(real).toEqual([202, 202, 202]);
  });

  it('holds a source’s limit across both processes', async () => {
    const answers = await statuses([a, b, a, b, a, b].map((app) => () => deliver(app, 'shared', 'shared-secret')));
    expect(answers).toEqual([202, 202, 202, 202, 429, 429]);
    const refused = await deliver(a, 'shared', 'shared-secret');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await refused.json()).toMatchObject({
      message: 'Source "shared" is over its limit of 4 deliveries per minute',
    });
  });

  it('refuses an address with too many refusals for a source before reading its body, on every process', async () => {
    const attacker = '192.0.2.66';
    const refusals = await statuses(times(6, () => () => deliver(a, 'probed', 'guess', attacker)));
    expect(refusals).toEqual(times(6, () => 401));
    const blocked = await deliver(a, 'probed', 'guess', attacker);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await blocked.json()).toMatchObject({
      message: 'Too many refused deliveries from 192.0.2.66 to source "probed"; retry later',
    });
    // The other process has counted with the same table: its next refusal finds the address over the limit.
    expect(
      await statuses([() => deliver(b, 'probed', 'guess', attacker), () => deliver(b, 'probed', 'guess', attacker)]),
    ).toEqual([401, 429]);
    // Other senders, and the same address on other sources, are unaffected.
    expect((await deliver(a, 'probed', 'probed-secret', '198.51.100.2')).status).toBe(202);
    expect((await deliver(b, 'elsewhere', 'elsewhere-secret', attacker)).status).toBe(202);
  });

  it('keeps the rejection summary small after thousands of made-up slugs', async () => {
    const slugs = times(2000, () => `r${randomUUID().replaceAll('-', '')}`);
    const answers: number[] = [];
    await Promise.all(
      times(16, async () => {
        for (let slug = slugs.pop(); slug; slug = slugs.pop()) {
          const res = await deliver(a, slug, 'x', `198.18.${answers.length % 200}.1`);
          await res.arrayBuffer();
          answers.push(res.status);
        }
      }),
    );
    expect(new Set(answers)).toEqual(new Set([404, 429]));
    const summary = await (await a.api('/webhooks/rejections')).text();
    expect(summary.length).toBeLessThan(60_000);
    const { counts } = JSON.parse(summary) as { counts: { source: string; reason: string; count: number }[] };
    expect(counts.filter((c) => c.source.startsWith('r'))).toEqual([]);
    expect(counts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ source: '(unknown)', reason: 'unknown_source' }),
        expect.objectContaining({ source: '(unknown)', reason: 'rate_limited' }),
      ]),
    );
  });

  it('counts made-up slugs from one address together', async () => {
    const scanner = '192.0.2.99';
    const answers = await statuses(times(7, () => () => deliver(a, `nope-${randomUUID()}`, 'x', scanner)));
    expect(answers).toEqual([404, 404, 404, 404, 404, 404, 429]);
  });
});
