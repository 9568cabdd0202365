/**
 * npm run bench:ingest — two loads against Switchyard in-process (roles api+worker, fresh database),
 * each next to a bare Nest + Express route that reads the same bodies and does nothing, in the same run:
 * - GitHub only: signed pull_request deliveries (about 7.6 KB, a unique X-GitHub-Delivery each).
 * - mixed: GitHub, HubSpot (v3, batches of events), EspoCRM (batches of records), Standard Webhooks
 *   and generic HMAC deliveries interleaved, each signed as its sender signs it and never repeated,
 *   built before each phase.
 * After each load the ledger (every event a 2xx answer reports is exactly one row of webhook_events,
 * per source, and no row is unreported), then how long the worker's router takes to route every stored event.
 *
 * Environment: BENCH_DATABASE_URL (server to create the bench database on), BENCH_CONNECTIONS (96),
 * BENCH_SECONDS (10, per measured phase), BENCH_WARMUP (3000 requests), BENCH_LOG_LEVEL (warn),
 * BENCH_LOADS (github,mixed: which loads to run), BENCH_DRAIN_SECONDS (45, per load).
 */
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { RunningSwitchyard, startSwitchyard } from '../src/bootstrap';
import type { LogLevel } from '../src/platform/config/app-config';
import { startBare } from './support/bare-route';
import { benchConfig } from './support/bench-config';
import { BenchDatabase, createBenchDatabase } from './support/bench-database';
import { githubHeaders, pullRequestPayload } from './support/github-payload';
import { SourceLedger, sourceLedger } from './support/ledger';
import { LoadGenerator, LoadPhase, LoadResult } from './support/load-generator';
import { machineNote } from './support/machine';
import { MixedLoad } from './support/mixed/mixed-load';
import { collectGarbage, fmt, table, verdict, writeResults } from './support/report';
import { Drain, drainLine, waitForRouting } from './support/route-drain';

const SECRET = 'bench-github-webhook-secret';
const API_SECRET = 'bench-api-shared-secret-0123456789';
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 96);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3000);
const LOADS = (process.env.BENCH_LOADS ?? 'github,mixed').split(',').map((name) => name.trim());
/**
 * warn, not info: at info every accepted delivery writes two JSON lines (the ingest line and the
 * request line) to this process's stdout, and the bench would measure the terminal. warn, not
 * silent: pg-boss errors and failed jobs still show, and the level checks stay on the hot path.
 */
const LOG_LEVEL = (process.env.BENCH_LOG_LEVEL ?? 'warn') as LogLevel;
const DRAIN_TIMEOUT_MS = Number(process.env.BENCH_DRAIN_SECONDS ?? 45) * 1000;
/** The bare route does not deduplicate, so its mixed phases cycle through this many prebuilt requests. */
const BARE_MIXED_REQUESTS = 20_000;
const TARGET_ACCEPTS = 2000;
const TARGET_RATIO = 0.5;

interface Measured {
  warmup: LoadResult;
  calibration: LoadResult;
  main: LoadResult;
}

const phasesOf = (m: Measured) => [m.warmup, m.calibration, m.main];
const sum = (values: number[]) => values.reduce((total, v) => total + v, 0);

/** One kind of load: the phase that sends `amount` of its requests to the server at `baseUrl`. */
interface Load {
  name: string;
  /** The source each tag's requests go to. */
  slugByTag: Map<string, string>;
  phase(baseUrl: string, target: 'bare' | 'switchyard', label: string, amount: number): LoadPhase;
}

function githubLoad(): Load & { bodyBytes: number } {
  const body = JSON.stringify(pullRequestPayload());
  const headers = githubHeaders(body, SECRET);
  return {
    name: 'GitHub only',
    bodyBytes: body.length,
    slugByTag: new Map([['github', 'github']]),
    phase: (baseUrl, target, label, amount) => ({
      label,
      amount,
      url: `${baseUrl}/webhooks/github`,
      connections: CONNECTIONS,
      readAnswers: target === 'switchyard',
      headers,
      body,
      uniqueDeliveryIds: true,
      tag: 'github',
    }),
  };
}

function mixedLoad(mixed: MixedLoad): Load {
  return {
    name: 'mixed',
    slugByTag: mixed.slugByTag,
    phase: (baseUrl, target, label, amount) => ({
      label,
      amount,
      url: baseUrl,
      connections: CONNECTIONS,
      readAnswers: target === 'switchyard',
      requests: mixed.next(target === 'bare' ? Math.min(amount, BARE_MIXED_REQUESTS) : amount, baseUrl),
      cycle: target === 'bare',
    }),
  };
}

const requestsFor = (rate: number, seconds: number) =>
  Math.min(250_000, Math.max(5 * CONNECTIONS, Math.round(rate * seconds)));

/**
 * A warm-up of WARMUP requests, a ~2 s calibration at the warm-up's rate, then about SECONDS worth of
 * requests at the calibration's rate. Every phase is a fixed number of requests (not a duration), so
 * no request is cut off in flight and every answer is counted: the ledger check needs that. Prebuilt
 * requests are built just before their phase, well within the signatures' 5-minute windows.
 */
async function measure(
  generator: LoadGenerator,
  label: string,
  phase: (label: string, amount: number) => LoadPhase,
): Promise<Measured> {
  const warmup = await generator.run(phase(`${label} warm-up`, WARMUP));
  const calibration = await generator.run(phase(`${label} calibration`, requestsFor(warmup.okPerSecond, 2)));
  collectGarbage();
  const main = await generator.run(phase(label, requestsFor(calibration.okPerSecond, SECONDS)));
  return { warmup, calibration, main };
}

async function measureBare(generator: LoadGenerator, loads: Load[], when: string) {
  const bare = await startBare();
  const measured = new Map<Load, Measured>();
  try {
    for (const load of loads) {
      measured.set(
        load,
        await measure(generator, `bare Nest route, ${load.name} (${when})`, (label, amount) =>
          load.phase(bare.url, 'bare', label, amount),
        ),
      );
      collectGarbage();
    }
  } finally {
    await bare.close();
  }
  return measured;
}

interface Ledger {
  sources: (SourceLedger & { tag: string })[];
  answered2xx: number;
  accepted202: number;
  problems: string[];
  pass: boolean;
}

/** Per source: the answers' event ids against webhook_events; overall: every request answered 202. */
async function ledgerOf(db: BenchDatabase, load: Load, m: Measured): Promise<Ledger> {
  const phases = phasesOf(m);
  const sources: Ledger['sources'] = [];
  for (const [tag, slug] of load.slugByTag) {
    const tallies = phases.flatMap((r) => r.byTag[tag] ?? []);
    const ledger = await sourceLedger(
      db,
      slug,
      tallies.flatMap((t) => t.eventIds),
      sum(tallies.map((t) => t.eventsSent)),
    );
    const duplicates = sum(tallies.map((t) => t.duplicates));
    const mismatched = sum(tallies.map((t) => t.mismatchedAnswers));
    if (duplicates > 0) ledger.problems.push(`${fmt(duplicates)} answers said duplicate`);
    if (mismatched > 0) ledger.problems.push(`${fmt(mismatched)} answers did not report one event per item sent`);
    sources.push({ tag, ...ledger });
  }
  const answered2xx = sum(phases.map((r) => r.ok));
  const accepted202 = sum(phases.map((r) => r.statusCodes['202'] ?? 0));
  const problems = [
    accepted202 !== answered2xx && `${fmt(answered2xx - accepted202)} 2xx answers were not 202`,
    phases.some((r) => r.ok !== r.autocannon2xx) && 'response-event count differs from autocannon',
    phases.some((r) => r.non2xx + r.errors + r.timeouts > 0) && 'non-2xx answers, errors or timeouts',
  ].filter((p): p is string => typeof p === 'string');
  return {
    sources,
    answered2xx,
    accepted202,
    problems,
    pass: problems.length === 0 && sources.every((s) => s.problems.length === 0),
  };
}

interface IngestRun {
  measured: Measured;
  ledger: Ledger;
  drain: Drain;
  loadSeconds: number;
}

async function measureIngest(
  generator: LoadGenerator,
  db: BenchDatabase,
  app: RunningSwitchyard,
  load: Load,
): Promise<IngestRun> {
  const [before] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM webhook_events');
  const started = performance.now();
  const measured = await measure(generator, `Switchyard ingest, ${load.name}`, (label, amount) =>
    load.phase(app.url, 'switchyard', label, amount),
  );
  const ended = performance.now();
  const ledger = await ledgerOf(db, load, measured);
  const drain = await waitForRouting(db, ended, DRAIN_TIMEOUT_MS, before?.n ?? 0);
  collectGarbage();
  return { measured, ledger, drain, loadSeconds: (ended - started) / 1000 };
}

const latencyCells = (r: { latencyMs: LoadResult['latencyMs'] }) => [
  fmt(r.latencyMs.p50, 1),
  fmt(r.latencyMs.p99, 1),
  fmt(r.latencyMs.max, 1),
];

function printGithub(bareBefore: Measured, bareAfter: Measured, run: IngestRun) {
  const row = (name: string, r: LoadResult) => [
    name,
    fmt(r.okPerSecond),
    ...latencyCells(r),
    fmt(r.ok),
    fmt(r.non2xx + r.errors + r.timeouts),
    fmt(r.seconds, 1),
  ];
  console.log('');
  console.log('GitHub only (pull_request):');
  console.log(
    table([
      ['target', '2xx/s', 'p50 ms', 'p99 ms', 'max ms', '2xx', 'other', 'seconds'],
      row('bare Nest route (before)', bareBefore.main),
      row('bare Nest route (after)', bareAfter.main),
      row('Switchyard ingest (api+worker)', run.measured.main),
    ]),
  );
}

function printMixed(bareBefore: Measured, bareAfter: Measured, run: IngestRun, mixed: MixedLoad) {
  const main = run.measured.main;
  const row = (name: string, r: LoadResult) => [
    name,
    fmt(r.okPerSecond),
    r.events > 0 ? fmt(r.eventsPerSecond) : '-',
    ...latencyCells(r),
    fmt(r.ok),
    r.events > 0 ? fmt(r.events) : '-',
    fmt(r.non2xx + r.errors + r.timeouts),
    fmt(r.seconds, 1),
  ];
  const tagRows = [...mixed.slugByTag].map(([tag, slug]) => {
    const t = main.byTag[tag];
    if (!t) return [`  ${tag}`, 'no answers'];
    const other = t.answered - t.ok;
    return [
      `  ${tag} (/webhooks/${slug})`,
      fmt(t.okPerSecond),
      fmt(t.eventsPerSecond),
      ...latencyCells(t),
      fmt(t.ok),
      fmt(t.events),
      fmt(other),
      '',
    ];
  });
  console.log('');
  console.log('Mixed providers:');
  console.log(
    table([
      ['target', 'req/s', 'events/s', 'p50 ms', 'p99 ms', 'max ms', '2xx', 'events', 'other', 'seconds'],
      row('bare Nest route (before)', bareBefore.main),
      row('bare Nest route (after)', bareAfter.main),
      row('Switchyard ingest (api+worker)', main),
      ...tagRows,
    ]),
  );
}

const bareMean = (before: Measured, after: Measured) => (before.main.okPerSecond + after.main.okPerSecond) / 2;

const ledgerRows = (prefix: string, ledger: Ledger) =>
  ledger.sources.map((s) => [
    `${prefix}ledger ${s.tag}: events in 2xx answers = rows`,
    `${fmt(s.reported)} = ${fmt(s.stored)}`,
    'equal',
    s.problems.length === 0 && ledger.problems.length === 0 ? 'PASS' : 'FAIL',
  ]);

/** The IngestRun for the results file: the event ids (tens of thousands) are left out. */
function withoutIds(run: IngestRun) {
  const strip = (r: LoadResult) => ({
    ...r,
    byTag: Object.fromEntries(Object.entries(r.byTag).map(([tag, { eventIds: _ids, ...t }]) => [tag, t])),
  });
  const { warmup, calibration, main } = run.measured;
  return { ...run, measured: { warmup: strip(warmup), calibration: strip(calibration), main: strip(main) } };
}

async function main() {
  const github = githubLoad();
  const mixed = new MixedLoad();
  const mix = mixedLoad(mixed);
  const loads = [github, mix].filter((load) => LOADS.includes(load === github ? 'github' : 'mixed'));
  if (loads.length === 0) throw new Error(`BENCH_LOADS names no load: use github, mixed or both`);

  console.log(
    `bench:ingest: loads ${loads.map((l) => l.name).join(' and ')}; ${CONNECTIONS} connections, ` +
      `~${SECONDS} s per measured phase after ${fmt(WARMUP)} warm-up requests and a ~2 s calibration; node ${process.version}, ` +
      `LOG_LEVEL=${LOG_LEVEL}`,
  );
  if (loads.includes(github)) console.log(`GitHub only: pull_request deliveries of ${fmt(github.bodyBytes)} bytes.`);
  if (loads.includes(mix)) {
    const composition = mixed.composition(mixed.next(400, 'http://127.0.0.1'));
    console.log(
      `mixed: ${composition
        .map(
          (c) => `${fmt(c.requests * 100)}% ${c.tag} (${fmt(c.events, 1)} events, ${fmt(c.bytes)} bytes per request)`,
        )
        .join(', ')}; ` +
        `${fmt(sum(composition.map((c) => c.requests * c.events)), 2)} events per request on average.`,
    );
  }
  console.log(
    'Server in this process (Switchyard via startSwitchyard, and the bare app); autocannon in a child process\n' +
      '(its own event loop), so load generation never queues behind the server. All of it and PostgreSQL share\n' +
      'the same CPUs, identically for both targets.',
  );
  console.log(machineNote());

  const db = await createBenchDatabase();
  const generator = new LoadGenerator();
  let app: RunningSwitchyard | undefined;
  try {
    const bareBefore = await measureBare(generator, loads, 'before');

    const config = benchConfig(db.url, { GITHUB_WEBHOOK_SECRET: SECRET, API_SHARED_SECRET: API_SECRET, LOG_LEVEL });
    const bootStarted = performance.now();
    app = await startSwitchyard({ roles: ['api', 'worker'], config });
    const bootMs = performance.now() - bootStarted;
    await mixed.createSources(app.url, API_SECRET);

    const runs = new Map<Load, IngestRun>();
    for (const load of loads) runs.set(load, await measureIngest(generator, db, app, load));
    await app.stop();
    app = undefined;
    collectGarbage();

    const bareAfter = await measureBare(generator, loads, 'after');

    // Report.
    const figures: string[][] = [['figure', 'value', 'target', '']];
    const githubRun = runs.get(github);
    if (githubRun) {
      printGithub(bareBefore.get(github)!, bareAfter.get(github)!, githubRun);
      const accepted = githubRun.measured.main.okPerSecond;
      const ratio = accepted / bareMean(bareBefore.get(github)!, bareAfter.get(github)!);
      const { ledger } = githubRun;
      figures.push(
        ['accepted/s (durable, 2xx)', fmt(accepted), `>= ${fmt(TARGET_ACCEPTS)}`, verdict(accepted >= TARGET_ACCEPTS)],
        [
          'ratio ingest / bare (mean of before+after)',
          fmt(ratio, 2),
          `>= ${TARGET_RATIO}`,
          verdict(ratio >= TARGET_RATIO),
        ],
        [
          'ledger: 2xx answers = stored events',
          `${fmt(ledger.answered2xx)} = ${fmt(ledger.sources[0]!.stored)}`,
          'equal',
          ledger.pass ? 'PASS' : 'FAIL',
        ],
      );
    }
    const mixedRun = runs.get(mix);
    if (mixedRun) {
      const main = mixedRun.measured.main;
      printMixed(bareBefore.get(mix)!, bareAfter.get(mix)!, mixedRun, mixed);
      figures.push(
        ['mixed: accepted requests/s (2xx)', fmt(main.okPerSecond), 'reported', ''],
        ['mixed: accepted events/s (in 2xx answers)', fmt(main.eventsPerSecond), 'reported', ''],
        [
          'mixed: ratio ingest / bare, requests/s',
          fmt(main.okPerSecond / bareMean(bareBefore.get(mix)!, bareAfter.get(mix)!), 2),
          'reported',
          '',
        ],
        ...ledgerRows('mixed: ', mixedRun.ledger),
      );
    }
    console.log('');
    console.log(table(figures));
    for (const [load, run] of runs) {
      const problems = [
        ...run.ledger.problems,
        ...run.ledger.sources.flatMap((s) => s.problems.map((p) => `${s.tag}: ${p}`)),
      ];
      if (problems.length > 0) console.log(`${load.name} ledger problems: ${problems.join('; ')}`);
      console.log(`${load.name}, routing drained: ${drainLine(run.drain, run.loadSeconds)}`);
    }
    console.log(`Switchyard boot (api+worker, fresh database incl. migrations): ${fmt(bootMs)} ms`);

    const pass = [...runs.values()].every((run) => run.ledger.pass);
    const file = writeResults('ingest', {
      at: new Date().toISOString(),
      node: process.version,
      connections: CONNECTIONS,
      logLevel: LOG_LEVEL,
      loadGenerator: 'autocannon 8 in a child process; server in-process',
      targets: { acceptedPerSecond: TARGET_ACCEPTS, ratio: TARGET_RATIO },
      loads: loads.map((load) => ({
        name: load.name,
        bare: { before: bareBefore.get(load), after: bareAfter.get(load) },
        ingest: withoutIds(runs.get(load)!),
      })),
      bootMs,
      pass,
    });
    console.log(machineNote());
    console.log(`results: ${file}`);
    process.exitCode = pass ? 0 : 1;
  } finally {
    await app?.stop().catch((error: unknown) => console.error('stopping Switchyard:', error));
    generator.close();
    await db.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
