import { runFuzz } from '../../test/fuzz/run-fuzz';
import { Scenario, ScenarioResult } from '../support/scenario';
import { rssMb } from '../support/sockets';
import { API_SECRET } from '../support/world';

/** The full corpus here; `npm test` runs a fixed-seed subset of 300 cases (test/fuzz.e2e-spec.ts). */
const SEED = 20_251_124;
const CASES = 1500;
/** Bodies just under and over the cap are part of the corpus: a smaller cap keeps the run in bound. */
const MAX_BODY_BYTES = 1024 * 1024;
/** Memory the api may gain over the run before it counts as unbounded. */
const RSS_GROWTH_LIMIT_MB = 64;

/**
 * The full fuzz corpus (hostile deliveries to every provider endpoint: malformed and truncated JSON,
 * wrong types, deep nesting, huge bodies and headers, bad and stale signatures, replays, odd slugs
 * and content types) against a real api process: only 4xx answers with a reason (or 2xx for what is
 * valid), the process keeps serving, its memory stays bounded, and nothing refused is stored. The
 * refusal limit per client address is off so that every case reaches the code it aims at.
 */
export const fuzz: Scenario = {
  name: 'fuzz',
  title: `the full fuzz corpus (seed ${SEED}, ${CASES} cases) against every provider endpoint`,
  boundMs: 120_000,
  async run(context): Promise<ScenarioResult> {
    const world = await context.world('main', {
      workers: 1,
      rules: false,
      env: {
        WEBHOOK_MAX_BODY_BYTES: String(MAX_BODY_BYTES),
        WEBHOOK_JWKS_ALLOW_PRIVATE: 'true',
        WEBHOOK_REFUSED_PER_ADDRESS_PER_MINUTE: '0',
      },
    });
    const pid = world.api.pid!;
    const ledger = await runFuzz({
      baseUrl: world.api.url,
      apiToken: API_SECRET,
      seed: SEED,
      cases: CASES,
      maxBodyBytes: MAX_BODY_BYTES,
      concurrency: 8,
      rss: () => rssMb(pid) * 1024 * 1024,
      storedMarkers: async (markers) =>
        (
          await world.db.query<{ marker: string }>(
            `SELECT m AS marker FROM unnest($1::text[]) m
              WHERE EXISTS (SELECT 1 FROM webhook_events e WHERE strpos(e.body, m) > 0)`,
            [markers],
          )
        ).map((row) => row.marker),
    });
    const growthMb = ledger.rss ? (ledger.rss.after - ledger.rss.before) / 1024 / 1024 : NaN;
    const problems: string[] = [];
    if (ledger.serverErrors.length > 0)
      problems.push(`${ledger.serverErrors.length} answers 5xx: ${JSON.stringify(ledger.serverErrors.slice(0, 3))}`);
    if (ledger.unexpected.length > 0)
      problems.push(`${ledger.unexpected.length} broken rules: ${JSON.stringify(ledger.unexpected.slice(0, 3))}`);
    if (!ledger.stillServing || !(await world.api.healthy())) problems.push('the api stopped serving');
    if (ledger.storedRefused.length > 0) problems.push(`refused yet stored: ${ledger.storedRefused.join(', ')}`);
    if (growthMb > RSS_GROWTH_LIMIT_MB) problems.push(`the api grew by ${growthMb.toFixed(0)} MB`);
    return {
      figures: {
        'cases (seed)': `${ledger.cases} (${SEED})`,
        requests: ledger.requests,
        'answers by status': Object.entries(ledger.byStatus)
          .map(([status, n]) => `${status}: ${n}`)
          .join(', '),
        '5xx answers': ledger.serverErrors.length,
        'broken rules': ledger.unexpected.length,
        'refused yet stored': ledger.storedRefused.length,
        'still serving': String(ledger.stillServing),
        'api RSS before → after': ledger.rss
          ? `${(ledger.rss.before / 1048576).toFixed(0)} → ${(ledger.rss.after / 1048576).toFixed(0)} MB`
          : 'unknown',
        duration: `${(ledger.durationMs / 1000).toFixed(1)} s`,
      },
      problems,
    };
  },
};
