/**
 * npm run bench:queue — no-op jobs through Switchyard's QueueModule (a small Nest app: ConfigModule,
 * DatabaseModule, QueueModule.forRoot({ works: true }), one queue declared `cheap` and nothing else, and
 * one @JobHandler) next to raw pg-boss twice, in the same run and database:
 * - raw pg-boss with the module's settings (pool, LISTEN/NOTIFY, supervision, the queue options and
 *   the work options workOptions() produces for that queue, perJobResults): what the module adds;
 * - raw pg-boss at its best settings: what pg-boss can do. The fastest of RAW_CANDIDATES (the top of
 *   a BENCH_QUEUE_SWEEP=1 run), each measured once at the start of the run; the winner is measured.
 * Each system has its own schema (`pgboss`, `pgboss_raw`, `pgboss_raw_best`); all three stay open and
 * only one works at a time. The measured rounds go module, raw, raw best, BENCH_QUEUE_REPEATS times,
 * so the ratios compare rounds run close together on a machine whose load drifts.
 *
 * Throughput: N jobs are inserted in bulk while the queue's workers are off (then ANALYZE), then the
 * workers are started and the time from the first fetch to the last completion is read from the job
 * rows (started_on, completed_on). A warm-up round per system comes first.
 * Idle pickup latency: with every system's workers running and idle, one job at a time is sent, to
 * each system in turn, and the time from just before send() to the handler's first line is measured.
 *
 * BENCH_QUEUE_SWEEP=1 instead measures raw pg-boss alone over a grid of batch sizes, loops and
 * completion kinds, BENCH_QUEUE_REPEATS passes, and prints the medians best first (how RAW_CANDIDATES
 * were chosen).
 *
 * Environment: BENCH_DATABASE_URL, BENCH_QUEUE_JOBS (20000), BENCH_QUEUE_SAMPLES (200),
 * BENCH_QUEUE_REPEATS (3), BENCH_QUEUE_SWEEP, WORKER_CHEAP_BATCH_SIZE (the module's, as in production).
 */
import 'reflect-metadata';
import type { WorkOptions } from 'pg-boss';
import { AppConfig, loadConfig } from '../src/platform/config/app-config';
import { workOptions } from '../src/platform/queue/queue-options';
import { BenchDatabase, createBenchDatabase } from './support/bench-database';
import { machineNote } from './support/machine';
import { Latency, latencyRounds, Throughput, throughputRound } from './support/queue/rounds';
import { moduleTarget, noopQueue, RawSettings, rawTarget, Target } from './support/queue/targets';
import { collectGarbage, fmt, median, table, verdict, writeResults } from './support/report';

const JOBS = Number(process.env.BENCH_QUEUE_JOBS ?? 20_000);
const WARMUP_JOBS = Math.min(JOBS, 2_000);
const SAMPLES = Number(process.env.BENCH_QUEUE_SAMPLES ?? 200);
const REPEATS = Number(process.env.BENCH_QUEUE_REPEATS ?? 3);
const TARGET_JOBS_PER_SECOND = 5_000;
const TARGET_RATIO = 0.8;
const TARGET_P50_MS = 10;

const polling = { pollingIntervalSeconds: 1, notifyPollingIntervalSeconds: 1 };

/**
 * Raw pg-boss's fastest settings for no-op jobs on a 2-core machine, as BENCH_QUEUE_SWEEP=1 found them:
 * big batches, one completion statement per batch (no per-job results), a few loops. Which of them
 * wins changes from run to run, so each run measures all of them once and keeps the fastest.
 */
const RAW_CANDIDATES: RawSettings[] = [
  [200, 4],
  [500, 4],
  [500, 8],
].map(([batchSize, localConcurrency]) => ({
  label: `batch ${batchSize} x ${localConcurrency}`,
  work: { batchSize, localConcurrency, burstWhenBatchFull: true, perJobResults: false, ...polling },
  max: 10,
}));

/** Each candidate once (after a warm-up), on schema `pgboss_raw_best`; the fastest. */
async function bestRawSettings(db: BenchDatabase, config: AppConfig): Promise<RawSettings> {
  let best: { settings: RawSettings; jobsPerSecond: number } | undefined;
  for (const settings of RAW_CANDIDATES) {
    const target = await rawTarget(config, db.url, settings, 'pgboss_raw_best');
    try {
      await throughputRound(db, target, `calibration warmup ${settings.label}`, WARMUP_JOBS);
      const { jobsPerSecond, load1 } = await throughputRound(db, target, `calibration ${settings.label}`, JOBS);
      console.log(`calibration, raw pg-boss ${settings.label}: ${fmt(jobsPerSecond)} jobs/s (load ${load1})`);
      if (!best || jobsPerSecond > best.jobsPerSecond) best = { settings, jobsPerSecond };
    } finally {
      await target.close();
    }
  }
  return { ...best!.settings, label: `best (${best!.settings.label})` };
}

/** The grid BENCH_QUEUE_SWEEP measures. */
function sweepGrid(): RawSettings[] {
  const grid: RawSettings[] = [];
  for (const perJobResults of [false, true]) {
    for (const batchSize of [50, 100, 200, 500]) {
      for (const localConcurrency of [2, 4, 8]) {
        const work: WorkOptions = { batchSize, localConcurrency, burstWhenBatchFull: true, perJobResults, ...polling };
        grid.push({
          label: `batch ${batchSize} x ${localConcurrency}${perJobResults ? ', per job' : ''}`,
          work,
          max: 10,
        });
      }
    }
  }
  return grid;
}

/** Raw pg-boss alone over the grid, BENCH_QUEUE_REPEATS passes (each setting once per pass); medians. */
async function sweep(db: BenchDatabase, config: AppConfig): Promise<void> {
  const grid = sweepGrid();
  const rates = new Map<string, number[]>(grid.map((settings) => [settings.label, []]));
  const loads: number[] = [];
  for (let pass = 0; pass < REPEATS; pass++) {
    for (const settings of grid) {
      const target = await rawTarget(config, db.url, settings);
      try {
        await throughputRound(db, target, `warmup ${pass} ${settings.label}`, WARMUP_JOBS);
        const measured = await throughputRound(db, target, `${pass} ${settings.label}`, JOBS);
        rates.get(settings.label)!.push(measured.jobsPerSecond);
        loads.push(measured.load1);
        console.log(
          `pass ${pass + 1}, ${settings.label}: ${fmt(measured.jobsPerSecond)} jobs/s (load ${measured.load1})`,
        );
      } finally {
        await target.close();
      }
    }
  }
  const results = grid
    .map((settings) => ({ settings, rates: rates.get(settings.label)!, median: median(rates.get(settings.label)!) }))
    .sort((a, b) => b.median - a.median);
  console.log('');
  console.log(
    table([
      ['raw pg-boss settings', 'jobs/s (median)', 'min-max'],
      ...results.map((r) => [
        r.settings.label,
        fmt(r.median),
        `${fmt(Math.min(...r.rates))}-${fmt(Math.max(...r.rates))}`,
      ]),
    ]),
  );
  console.log(`load average (1 min) during the sweep: ${fmt(Math.min(...loads), 2)}-${fmt(Math.max(...loads), 2)}`);
  console.log(machineNote());
  const file = writeResults('queue-sweep', {
    at: new Date().toISOString(),
    node: process.version,
    jobs: JOBS,
    results,
  });
  console.log(`results: ${file}`);
}

interface Measured {
  name: string;
  warmup: Throughput;
  rounds: Throughput[];
  latency?: Latency;
}

async function compare(db: BenchDatabase, config: AppConfig): Promise<void> {
  const moduleSettings: RawSettings = {
    label: "the module's settings",
    work: { ...workOptions(noopQueue, config.jobs), perJobResults: true },
    max: 10,
  };
  console.log(`module's work options: ${JSON.stringify(moduleSettings.work)}; pool max 10`);
  const rawBest = await bestRawSettings(db, config);
  console.log(`raw best work options: ${JSON.stringify(rawBest.work)}; pool max ${rawBest.max}`);
  const targets: Target[] = [];
  try {
    targets.push(await moduleTarget(config, db.url));
    targets.push(await rawTarget(config, db.url, moduleSettings, 'pgboss_raw'));
    targets.push(await rawTarget(config, db.url, rawBest, 'pgboss_raw_best'));
    for (const target of targets) await target.stopWorkers();
    const measured: Measured[] = [];
    for (const target of targets) {
      measured.push({
        name: target.name,
        warmup: await throughputRound(db, target, 'warmup', WARMUP_JOBS),
        rounds: [],
      });
    }
    for (let repeat = 0; repeat < REPEATS; repeat++) {
      for (const [i, target] of targets.entries()) {
        collectGarbage();
        const round = await throughputRound(db, target, `measured ${repeat}`, JOBS);
        measured[i]!.rounds.push(round);
        console.log(`round ${repeat + 1}, ${target.name}: ${fmt(round.jobsPerSecond)} jobs/s (load ${round.load1})`);
      }
    }
    for (const target of targets) await target.startWorkers();
    const latencies = await latencyRounds(targets, SAMPLES);
    for (const [i, latency] of latencies.entries()) measured[i]!.latency = latency;
    report(measured, moduleSettings, rawBest);
  } finally {
    for (const target of targets) await target.close();
  }
}

function report(measured: Measured[], moduleSettings: RawSettings, rawBest: RawSettings): void {
  const [module, raw, best] = measured as [Measured, Measured, Measured];
  const rate = (m: Measured) => median(m.rounds.map((r) => r.jobsPerSecond));
  const spread = (m: Measured) =>
    `${fmt(Math.min(...m.rounds.map((r) => r.jobsPerSecond)))}-${fmt(Math.max(...m.rounds.map((r) => r.jobsPerSecond)))}`;
  // Each repeat's module round against the raw rounds right after it.
  const ratios = (other: Measured) => module.rounds.map((r, i) => r.jobsPerSecond / other.rounds[i]!.jobsPerSecond);
  const row = (m: Measured) => [
    m.name,
    fmt(rate(m)),
    spread(m),
    fmt(m.warmup.jobsPerSecond),
    fmt(m.latency!.p50, 1),
    fmt(m.latency!.p90, 1),
    fmt(m.latency!.p99, 1),
    fmt(m.latency!.max, 1),
    fmt(m.latency!.sendP50, 1),
    String(m.latency!.timeouts),
  ];
  console.log('');
  console.log(
    table([
      ['system', 'jobs/s (median)', 'min-max', 'warm-up', 'pickup p50 ms', 'p90', 'p99', 'max', 'send p50', 'lost'],
      ...measured.map(row),
    ]),
  );
  const sameRatio = median(ratios(raw));
  const bestRatio = median(ratios(best));
  const loads = module.rounds.map((r) => fmt(r.load1, 2)).join(', ');
  console.log('');
  console.log(
    table([
      ['figure', 'value', 'target', ''],
      [
        'module jobs/s (median)',
        fmt(rate(module)),
        `>= ${fmt(TARGET_JOBS_PER_SECOND)}`,
        verdict(rate(module) >= TARGET_JOBS_PER_SECOND),
      ],
      ['module / raw, same settings', fmt(sameRatio, 2), `>= ${TARGET_RATIO}`, verdict(sameRatio >= TARGET_RATIO)],
      ['module / raw, best settings', fmt(bestRatio, 2), 'reported', ''],
      [
        'idle pickup p50, module',
        `${fmt(module.latency!.p50, 1)} ms`,
        `<= ${TARGET_P50_MS} ms`,
        verdict(module.latency!.p50 <= TARGET_P50_MS && module.latency!.timeouts === 0),
      ],
    ]),
  );
  console.log(`load average (1 min) after each module round: ${loads}`);
  console.log(machineNote());
  const file = writeResults('queue', {
    at: new Date().toISOString(),
    node: process.version,
    jobs: JOBS,
    samples: SAMPLES,
    repeats: REPEATS,
    moduleWorkOptions: moduleSettings.work,
    rawBest,
    measured,
    ratios: { sameSettings: ratios(raw), bestSettings: ratios(best) },
    targets: { jobsPerSecond: TARGET_JOBS_PER_SECOND, ratio: TARGET_RATIO, pickupP50Ms: TARGET_P50_MS },
  });
  console.log(`results: ${file}`);
}

async function main() {
  const sweeping = Boolean(process.env.BENCH_QUEUE_SWEEP);
  console.log(
    sweeping
      ? `bench:queue sweep: raw pg-boss, ${fmt(JOBS)} no-op jobs per setting after a ${fmt(WARMUP_JOBS)}-job warm-up`
      : `bench:queue: ${fmt(JOBS)} no-op jobs per round (bulk-inserted while the workers are off), ${REPEATS} rounds ` +
          `per system after a ${fmt(WARMUP_JOBS)}-job warm-up, then ${SAMPLES} idle pickups per system, in turns; node ${process.version}`,
  );
  console.log(machineNote());
  const db = await createBenchDatabase();
  try {
    const config = loadConfig({
      RUNTIME_ENV: 'test',
      DATABASE_URL: db.url,
      LOG_LEVEL: 'warn',
      WORKER_SHUTDOWN_TIMEOUT_SECONDS: '5',
      // To measure other batch sizes for cheap queues.
      ...(process.env.WORKER_CHEAP_BATCH_SIZE ? { WORKER_CHEAP_BATCH_SIZE: process.env.WORKER_CHEAP_BATCH_SIZE } : {}),
    });
    if (sweeping) await sweep(db, config);
    else await compare(db, config);
  } finally {
    await db.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
