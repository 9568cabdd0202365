/**
 * npm run bench:queue — no-op jobs through Switchyard's QueueModule (a small Nest app: ConfigModule,
 * DatabaseModule, QueueModule.forRoot({ works: true }), one declared queue and one @JobHandler)
 * against raw pg-boss with the same settings (pool, LISTEN/NOTIFY, supervision, the queue options
 * and the work options workOptions() produces, perJobResults), in the same run and database: the
 * module on schema `pgboss`, raw pg-boss on `pgboss_raw`, one after the other (never both busy).
 *
 * Throughput: N jobs are inserted in bulk while the queue's workers are off (then ANALYZE, see
 * throughputRound), then the workers are started and the time from the first fetch to the last
 * completion is read from the job rows (started_on, completed_on). A warm-up round comes first.
 * Idle pickup latency: with the workers idle, one job at a time is sent and the time from just
 * before send() to the handler's first line is measured.
 *
 * Environment: BENCH_DATABASE_URL, BENCH_QUEUE_JOBS (20000), BENCH_QUEUE_SAMPLES (200).
 */
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { Injectable, INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Job, JobResult, PgBoss } from 'pg-boss';
import { AppConfig, loadConfig } from '../src/platform/config/app-config';
import { ConfigModule } from '../src/platform/config/config.module';
import { DatabaseModule } from '../src/platform/database/database.module';
import { JobHandler } from '../src/platform/queue/job-handler.decorator';
import { JobQueue } from '../src/platform/queue/job-queue';
import { QueueClient } from '../src/platform/queue/queue-client';
import { defineQueue } from '../src/platform/queue/queue-definition';
import type { QueueJob } from '../src/platform/queue/queue-job';
import { pgBossQueueOptions, workOptions } from '../src/platform/queue/queue-options';
import { QueueModule } from '../src/platform/queue/queue.module';
import { QueueWorker } from '../src/platform/queue/queue-worker';
import { BenchDatabase, createBenchDatabase } from './support/bench-database';
import { machineNote } from './support/machine';
import { collectGarbage, fmt, percentile, sleep, table, verdict, writeResults } from './support/report';

const JOBS = Number(process.env.BENCH_QUEUE_JOBS ?? 20_000);
const WARMUP_JOBS = Math.min(JOBS, 2_000);
const SAMPLES = Number(process.env.BENCH_QUEUE_SAMPLES ?? 200);
const INSERT_CHUNK = 1_000;
const ROUND_TIMEOUT_MS = 45_000;
const TARGET_RATIO = 0.8;
const TARGET_P50_MS = 20;

interface BenchJob {
  round: string;
  seq: number;
}

const noopQueue = defineQueue<BenchJob>('bench.noop');

/** Counts handler starts, and tells a waiting latency sample when its job's handler began. */
class Probe {
  handled = 0;
  private readonly waiters = new Map<number, (at: number) => void>();

  started(data: BenchJob): void {
    const at = performance.now();
    this.handled++;
    if (data.round === 'latency') this.waiters.get(data.seq)?.(at);
  }

  /** When the handler of latency sample `seq` starts (undefined after timeoutMs). */
  startOf(seq: number, timeoutMs: number): Promise<number | undefined> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters.delete(seq);
        resolve(undefined);
      }, timeoutMs);
      this.waiters.set(seq, (at) => {
        clearTimeout(timer);
        this.waiters.delete(seq);
        resolve(at);
      });
    });
  }
}

const probe = new Probe();

@Injectable()
class NoopHandler {
  /** Does nothing (the probe only notes the time). */
  @JobHandler(noopQueue)
  handle(job: QueueJob<BenchJob>): void {
    probe.started(job.data);
  }
}

@Module({ imports: [QueueModule.forFeature([noopQueue])], providers: [NoopHandler] })
class NoopFeatureModule {}

/** One of the two systems under test, reduced to what the rounds need. */
interface Target {
  name: string;
  schema: string;
  boss: PgBoss;
  send(data: BenchJob): Promise<unknown>;
  /** Starts this queue's workers the way this system does. */
  startWorkers(): Promise<void>;
  stopWorkers(): Promise<void>;
  close(): Promise<void>;
}

async function moduleTarget(config: AppConfig, url: string): Promise<Target> {
  @Module({
    imports: [
      ConfigModule.forRoot(config),
      DatabaseModule.forRoot(url, 10),
      QueueModule.forRoot({ works: true, instanceName: 'worker' }),
      NoopFeatureModule,
    ],
  })
  class QueueBenchModule {}
  const app: INestApplicationContext = await NestFactory.createApplicationContext(QueueBenchModule, {
    logger: ['error', 'warn'],
  });
  const boss = app.get(QueueClient).boss;
  const jobs = app.get(JobQueue);
  const worker = app.get(QueueWorker);
  return {
    name: 'QueueModule',
    schema: 'pgboss',
    boss,
    send: (data) => jobs.send(noopQueue, data),
    // Exactly what the worker role runs at boot (the app already ran it once; see stopWorkers).
    startWorkers: () => worker.onApplicationBootstrap(),
    stopWorkers: () => boss.offWork(noopQueue.name),
    close: () => app.close(),
  };
}

async function rawTarget(config: AppConfig, url: string): Promise<Target> {
  // The same constructor options as QueueClient (worker role), on another schema.
  const boss = new PgBoss({
    connectionString: url,
    schema: 'pgboss_raw',
    application_name: 'switchyard-bench-raw',
    max: 10,
    useListenNotify: true,
    supervise: true,
    schedule: true,
    superviseIntervalSeconds: config.jobs.superviseIntervalSeconds,
    monitorIntervalSeconds: config.jobs.superviseIntervalSeconds,
    instanceName: 'worker',
    instanceHeartbeatSeconds: 10,
  });
  boss.on('error', (error: Error) => console.warn(`raw pg-boss: ${error.message}`));
  await boss.start({ attempts: 5 });
  await boss.createQueue(noopQueue.name, pgBossQueueOptions(noopQueue, config.jobs));
  const handler = async (jobs: Job<BenchJob>[]): Promise<JobResult[]> =>
    jobs.map((job) => {
      probe.started(job.data);
      return { id: job.id, status: 'completed' };
    });
  await boss.work<BenchJob>(noopQueue.name, { ...workOptions(noopQueue, config.jobs), perJobResults: true }, handler);
  return {
    name: 'raw pg-boss',
    schema: 'pgboss_raw',
    boss,
    send: (data) => boss.send(noopQueue.name, data),
    startWorkers: async () => {
      await boss.work<BenchJob>(
        noopQueue.name,
        { ...workOptions(noopQueue, config.jobs), perJobResults: true },
        handler,
      );
    },
    stopWorkers: () => boss.offWork(noopQueue.name),
    close: () => boss.stop({ graceful: true, timeout: 5000 }),
  };
}

interface Throughput {
  jobs: number;
  /** From the first job's started_on to the last job's completed_on (database clock). */
  spanSeconds: number;
  jobsPerSecond: number;
  /** From starting the workers to seeing every job completed (includes this bench's polling). */
  wallSeconds: number;
  insertSeconds: number;
}

async function throughputRound(db: BenchDatabase, target: Target, round: string, count: number): Promise<Throughput> {
  await target.stopWorkers();
  const insertStarted = performance.now();
  for (let offset = 0; offset < count; offset += INSERT_CHUNK) {
    const size = Math.min(INSERT_CHUNK, count - offset);
    await target.boss.insert(
      noopQueue.name,
      Array.from({ length: size }, (_, i) => ({ data: { round, seq: offset + i } })),
    );
  }
  // Planner statistics as autovacuum would soon leave them: a just-filled job table without them gets
  // a fetch plan that sorts the whole backlog on every fetch, at a cost that depends on when
  // autovacuum's next pass happens to land, which made the two systems incomparable.
  await db.query(`ANALYZE ${target.schema}.job`);
  const insertSeconds = (performance.now() - insertStarted) / 1000;
  collectGarbage();
  const handledBefore = probe.handled;
  const started = performance.now();
  await target.startWorkers();
  const deadline = started + ROUND_TIMEOUT_MS;
  // Cheap in-process wait for the handlers, then the job rows for the completions.
  while (probe.handled - handledBefore < count && performance.now() < deadline) await sleep(20);
  let row: { done: number; span: number | null } | undefined;
  for (;;) {
    [row] = await db.query<{ done: number; span: number | null }>(
      `SELECT count(*) FILTER (WHERE state = 'completed')::int AS done,
              extract(epoch FROM max(completed_on) - min(started_on))::float8 AS span
         FROM ${target.schema}.job WHERE name = $1 AND data->>'round' = $2`,
      [noopQueue.name, round],
    );
    if ((row?.done ?? 0) >= count || performance.now() > deadline) break;
    await sleep(20);
  }
  const wallSeconds = (performance.now() - started) / 1000;
  if ((row?.done ?? 0) < count) throw new Error(`${target.name}: only ${row?.done} of ${count} jobs completed`);
  const spanSeconds = row?.span ?? NaN;
  return { jobs: count, spanSeconds, jobsPerSecond: count / spanSeconds, wallSeconds, insertSeconds };
}

interface Latency {
  samples: number;
  timeouts: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** The send() round trip alone, for reference. */
  sendP50: number;
}

async function latencyRound(target: Target): Promise<Latency> {
  const pickups: number[] = [];
  const sends: number[] = [];
  let timeouts = 0;
  await sleep(1000); // let the last throughput fetches settle: the workers are idle from here on
  for (let seq = 0; seq < SAMPLES; seq++) {
    await sleep(20 + Math.random() * 30);
    const handlerStart = probe.startOf(seq, 5000);
    const before = performance.now();
    await target.send({ round: 'latency', seq });
    sends.push(performance.now() - before);
    const at = await handlerStart;
    if (at === undefined) timeouts++;
    else pickups.push(at - before);
  }
  pickups.sort((a, b) => a - b);
  sends.sort((a, b) => a - b);
  return {
    samples: pickups.length,
    timeouts,
    p50: percentile(pickups, 50),
    p90: percentile(pickups, 90),
    p99: percentile(pickups, 99),
    max: percentile(pickups, 100),
    sendP50: percentile(sends, 50),
  };
}

async function measureTarget(db: BenchDatabase, open: () => Promise<Target>) {
  const target = await open();
  try {
    const warmup = await throughputRound(db, target, 'warmup', WARMUP_JOBS);
    const throughput = await throughputRound(db, target, 'measured', JOBS);
    const latency = await latencyRound(target);
    return { name: target.name, warmup, throughput, latency };
  } finally {
    await target.close();
  }
}

async function main() {
  console.log(
    `bench:queue: ${fmt(JOBS)} no-op jobs (bulk-inserted while the workers are off, after a ${fmt(WARMUP_JOBS)}-job ` +
      `warm-up round), then ${SAMPLES} idle pickups; node ${process.version}`,
  );
  console.log(machineNote());
  const db = await createBenchDatabase();
  try {
    const config = loadConfig({
      RUNTIME_ENV: 'test',
      DATABASE_URL: db.url,
      LOG_LEVEL: 'warn',
      WORKER_SHUTDOWN_TIMEOUT_SECONDS: '5',
    });
    const options = { ...workOptions(noopQueue, config.jobs), perJobResults: true };
    console.log(`work options (both): ${JSON.stringify(options)}; pool max 10, LISTEN/NOTIFY on, queue notify on`);

    const module = await measureTarget(db, () => moduleTarget(config, db.url));
    collectGarbage();
    const raw = await measureTarget(db, () => rawTarget(config, db.url));

    const ratio = module.throughput.jobsPerSecond / raw.throughput.jobsPerSecond;
    const row = (r: typeof module) => [
      r.name,
      fmt(r.throughput.jobsPerSecond),
      fmt(r.throughput.spanSeconds, 2),
      fmt(r.warmup.jobsPerSecond),
      fmt(r.latency.p50, 1),
      fmt(r.latency.p90, 1),
      fmt(r.latency.p99, 1),
      fmt(r.latency.max, 1),
      fmt(r.latency.sendP50, 1),
      String(r.latency.timeouts),
    ];
    console.log('');
    console.log(
      table([
        ['system', 'jobs/s', 'seconds', 'warm-up jobs/s', 'pickup p50 ms', 'p90', 'p99', 'max', 'send p50', 'lost'],
        row(module),
        row(raw),
      ]),
    );
    console.log('');
    console.log(
      table([
        ['figure', 'value', 'target', ''],
        ['throughput ratio module / raw', fmt(ratio, 2), `>= ${TARGET_RATIO}`, verdict(ratio >= TARGET_RATIO)],
        [
          'idle pickup p50, module',
          `${fmt(module.latency.p50, 1)} ms`,
          `<= ${TARGET_P50_MS} ms`,
          verdict(module.latency.p50 <= TARGET_P50_MS && module.latency.timeouts === 0),
        ],
        [
          'idle pickup p50, raw pg-boss',
          `${fmt(raw.latency.p50, 1)} ms`,
          `<= ${TARGET_P50_MS} ms`,
          verdict(raw.latency.p50 <= TARGET_P50_MS && raw.latency.timeouts === 0),
        ],
      ]),
    );
    console.log(machineNote());
    const file = writeResults('queue', {
      at: new Date().toISOString(),
      node: process.version,
      jobs: JOBS,
      samples: SAMPLES,
      workOptions: options,
      module,
      raw,
      ratio,
      targets: { ratio: TARGET_RATIO, pickupP50Ms: TARGET_P50_MS },
    });
    console.log(`results: ${file}`);
  } finally {
    await db.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
