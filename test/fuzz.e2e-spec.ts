import { runFuzz } from './fuzz/run-fuzz';
import { postJson, TEST_API_SECRET, useTestApp, waitFor } from './support/switchyard';

const MAX_BODY_BYTES = 256 * 1024;

/**
 * A fixed-seed subset of the fuzz corpus (test/fuzz) against a real api: every provider,
 * malformed and truncated JSON, wrong types, deep nesting, bodies under and over the limit, huge
 * and repeated headers, bad and stale signatures, replays, odd slugs and content types. Only 2xx
 * and 4xx with a reason, the process keeps serving, memory stays bounded, nothing refused is stored.
 * `npm run chaos` runs the whole corpus through the same `runFuzz`.
 */
describe('fuzzing every provider endpoint (fixed seed)', () => {
  const ctx = useTestApp({
    roles: ['api', 'worker'],
    env: {
      WEBHOOK_MAX_BODY_BYTES: String(MAX_BODY_BYTES),
      // The fuzz serves Google's keys on loopback, so the Gmail cases reach the parser.
      WEBHOOK_JWKS_ALLOW_PRIVATE: 'true',
      // Refusals would soon be answered 429 before the body is read; here every path should run.
      WEBHOOK_REFUSED_PER_ADDRESS_PER_MINUTE: '0',
    },
  });

  it('answers every case with 2xx or a 4xx with its reason, keeps serving, and routes what it accepted', async () => {
    // Whatever was accepted also goes through rule conditions, the built-in messages and Liquid.
    for (const text of [
      'when ** then discord.post channel=123456789012345678',
      'when ** where fuzz.d.d.d == 1 or marker matches "^fzm" then log level=debug',
      'when ** then discord.post channel=123456789012345678 text="{{ payload | json }} {{ event.description }}"',
    ]) {
      expect((await postJson(ctx.app, '/rules', { text })).status).toBe(201);
    }
    const ledger = await runFuzz({
      baseUrl: ctx.app.url,
      apiToken: TEST_API_SECRET,
      seed: 20251207,
      cases: 300,
      maxBodyBytes: MAX_BODY_BYTES,
      rss: () => process.memoryUsage().rss,
      storedMarkers: async (markers) =>
        (
          await ctx.db.query<{ marker: string }>(
            `SELECT m AS marker FROM unnest($1::text[]) m
              WHERE EXISTS (SELECT 1 FROM webhook_events e WHERE strpos(e.body, m) > 0)`,
            [markers],
          )
        ).map((row) => row.marker),
    });

    expect(ledger.serverErrors).toEqual([]);
    expect(ledger.unexpected).toEqual([]);
    expect(ledger.stillServing).toBe(true);
    expect(ledger.storedRefused).toEqual([]);
    expect(ledger.cases).toBe(300);
    // Every concern was drawn, and both outcomes happened.
    expect(Object.keys(ledger.byConcern).sort()).toEqual(
      ['body', 'content-type', 'headers', 'replay', 'signature', 'slug', 'valid'].sort(),
    );
    expect(ledger.byStatus['202']).toBeGreaterThan(0);
    expect(ledger.byStatus['400']).toBeGreaterThan(0);
    expect(ledger.byStatus['401']).toBeGreaterThan(0);
    // Bounded memory: a few hundred requests, the largest a quarter MiB, leave no lasting growth of note.
    expect(ledger.rss!.after - ledger.rss!.before).toBeLessThan(200 * 1024 * 1024);
    // The router routed every stored event: none failed, none left behind.
    const unrouted = await waitFor(
      async () => {
        const rows = await ctx.db.query<{ routing_status: string; n: string }>(
          'SELECT routing_status, count(*) AS n FROM webhook_events GROUP BY routing_status',
        );
        return rows.every((row) => row.routing_status === 'routed') ? rows : undefined;
      },
      'every accepted delivery to be routed',
      60_000,
    );
    expect(unrouted).toHaveLength(1);
  });
});
