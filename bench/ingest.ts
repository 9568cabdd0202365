/**
 * npm run bench:ingest — signed GitHub pull_request deliveries (about 7.6 KB each, a unique
 * X-GitHub-Delivery per request) against Switchyard in-process (roles api+worker, fresh database),
 * next to a bare Nest + Express route that reads the same body and does nothing, in the same run.
 * Then the ledger: every 2xx answer must be exactly one stored event. Then how long routing takes
 * to drain the webhook.route jobs.
 *
 * Environment: BENCH_DATABASE_URL (server to create the bench database on), BENCH_CONNECTIONS (96),
 * BENCH_SECONDS (10, per measured phase), BENCH_WARMUP (3000 requests), BENCH_LOG_LEVEL (warn).
 */
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { Controller, HttpCode, Module, Param, Post, Req } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Request } from 'express';
import getRawBody from 'raw-body';
import { RunningSwitchyard, startSwitchyard } from '../src/bootstrap';
import type { LogLevel } from '../src/platform/config/app-config';
import { benchConfig } from './support/bench-config';
import { BenchDatabase, createBenchDatabase } from './support/bench-database';
import { githubHeaders, pullRequestPayload } from './support/github-payload';
import { LoadGenerator, LoadPhase, LoadResult } from './support/load-generator';
import { machineNote } from './support/machine';
import { collectGarbage, fmt, sleep, table, verdict, writeResults } from './support/report';

const SECRET = 'bench-github-webhook-secret';
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 96);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3000);
/**
 * warn, not info: at info every accepted delivery writes two JSON lines (the ingest line and the
 * request line) to this process's stdout, and the bench would measure the terminal. warn, not
 * silent: pg-boss errors and failed jobs still show, and the level checks stay on the hot path.
 */
const LOG_LEVEL = (process.env.BENCH_LOG_LEVEL ?? 'warn') as LogLevel;
const DRAIN_TIMEOUT_MS = 45_000;
const TARGET_ACCEPTS = 2000;
const TARGET_RATIO = 0.5;

@Controller('webhooks')
class BareController {
  /** The same route shape as the real one; reads the body the same way, answers 202, does nothing else. */
  @Post(':source')
  @HttpCode(202)
  async receive(@Param('source') _source: string, @Req() req: Request) {
    await getRawBody(req, { limit: 10 * 1024 * 1024, length: req.headers['content-length'] });
    return { ok: true };
  }
}

@Module({ controllers: [BareController] })
class BareModule {}

interface Measured {
  warmup: LoadResult;
  calibration: LoadResult;
  main: LoadResult;
}

const requestsFor = (rate: number, seconds: number) =>
  Math.min(250_000, Math.max(5 * CONNECTIONS, Math.round(rate * seconds)));

/**
 * A warm-up of WARMUP requests, a ~2 s calibration at the warm-up's rate, then about SECONDS worth of
 * requests at the calibration's rate. Every phase is a fixed number of requests (not a duration), so
 * no request is cut off in flight and every answer is counted: the ledger check needs that.
 */
async function measure(
  load: LoadGenerator,
  label: string,
  base: Omit<LoadPhase, 'label' | 'amount'>,
): Promise<Measured> {
  const warmup = await load.run({ ...base, label: `${label} warm-up`, amount: WARMUP });
  const calibration = await load.run({
    ...base,
    label: `${label} calibration`,
    amount: requestsFor(warmup.okPerSecond, 2),
  });
  collectGarbage();
  const main = await load.run({ ...base, label, amount: requestsFor(calibration.okPerSecond, SECONDS) });
  return { warmup, calibration, main };
}

async function startBare(): Promise<{ url: string; close(): Promise<void> }> {
  const app = await NestFactory.create<NestExpressApplication>(BareModule, { logger: false, bodyParser: false });
  app.disable('x-powered-by');
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, close: () => app.close() };
}

async function measureBare(load: LoadGenerator, base: Omit<LoadPhase, 'label' | 'amount' | 'url'>, label: string) {
  const bare = await startBare();
  try {
    return await measure(load, label, { ...base, url: `${bare.url}/webhooks/github` });
  } finally {
    await bare.close();
  }
}

interface RouteJobs {
  total: number;
  completed: number;
  states: Record<string, number>;
}

async function routeJobs(db: BenchDatabase): Promise<RouteJobs> {
  const rows = await db.query<{ state: string; n: number }>(
    `SELECT state, count(*)::int AS n FROM pgboss.job WHERE name = 'webhook.route' GROUP BY state`,
  );
  const states = Object.fromEntries(rows.map((r) => [r.state, r.n]));
  return {
    total: rows.reduce((sum, r) => sum + r.n, 0),
    completed: states.completed ?? 0,
    states,
  };
}

async function main() {
  const bodyText = JSON.stringify(pullRequestPayload());
  const base = { connections: CONNECTIONS, headers: githubHeaders(bodyText, SECRET), body: bodyText };
  console.log(
    `bench:ingest: pull_request deliveries of ${fmt(bodyText.length)} bytes, ${CONNECTIONS} connections, ` +
      `~${SECONDS} s per measured phase after ${fmt(WARMUP)} warm-up requests and a ~2 s calibration; node ${process.version}, ` +
      `LOG_LEVEL=${LOG_LEVEL}`,
  );
  console.log(
    'Server in this process (Switchyard via startSwitchyard, and the bare app); autocannon in a child process\n' +
      '(its own event loop), so load generation never queues behind the server. All of it and PostgreSQL share\n' +
      'the same CPUs, identically for both targets.',
  );
  console.log(machineNote());

  const db = await createBenchDatabase();
  const load = new LoadGenerator();
  let app: RunningSwitchyard | undefined;
  try {
    const bareBefore = await measureBare(load, { ...base, uniqueDeliveryIds: true }, 'bare Nest route');
    collectGarbage();

    const config = benchConfig(db.url, { GITHUB_WEBHOOK_SECRET: SECRET, LOG_LEVEL });
    const bootStarted = performance.now();
    app = await startSwitchyard({ roles: ['api', 'worker'], config });
    const bootMs = performance.now() - bootStarted;

    const loadStarted = performance.now();
    const ingest = await measure(load, 'Switchyard ingest', {
      ...base,
      url: `${app.url}/webhooks/github`,
      uniqueDeliveryIds: true,
    });
    const loadEnded = performance.now();

    // Ledger: every 2xx answer is one stored event, none more, none fewer.
    const phases = [ingest.warmup, ingest.calibration, ingest.main];
    const answered2xx = phases.reduce((sum, r) => sum + r.ok, 0);
    const accepted202 = phases.reduce((sum, r) => sum + (r.statusCodes['202'] ?? 0), 0);
    const [ledger] = await db.query<{ stored: number; deliveries: number }>(
      'SELECT count(*)::int AS stored, count(DISTINCT delivery_id)::int AS deliveries FROM webhook_events',
    );
    const stored = ledger?.stored ?? -1;
    const problems = [
      stored !== answered2xx && `${fmt(answered2xx)} 2xx answers but ${fmt(stored)} stored events`,
      ledger?.deliveries !== stored && `${fmt(ledger?.deliveries ?? 0)} distinct delivery ids in ${fmt(stored)} events`,
      accepted202 !== answered2xx && `${fmt(answered2xx - accepted202)} 2xx answers were not 202 (duplicates?)`,
      phases.some((r) => r.ok !== r.autocannon2xx) && 'response-event count differs from autocannon',
      phases.some((r) => r.non2xx + r.errors + r.timeouts > 0) && 'non-2xx answers, errors or timeouts',
    ].filter((p): p is string => typeof p === 'string');
    const ledgerPass = problems.length === 0;

    // Routing drain: every webhook.route job completed.
    const atLoadEnd = await routeJobs(db);
    let jobs = atLoadEnd;
    let drainedMs: number | undefined;
    while (performance.now() - loadEnded < DRAIN_TIMEOUT_MS) {
      jobs = await routeJobs(db);
      if (jobs.total === stored && jobs.completed === jobs.total) {
        drainedMs = performance.now() - loadEnded;
        break;
      }
      await sleep(100);
    }
    await app.stop();
    app = undefined;
    collectGarbage();

    const bareAfter = await measureBare(load, { ...base, uniqueDeliveryIds: true }, 'bare Nest route (re-check)');

    // Report.
    const bareRate = (bareBefore.main.okPerSecond + bareAfter.main.okPerSecond) / 2;
    const ratio = ingest.main.okPerSecond / bareRate;
    const row = (name: string, r: LoadResult) => [
      name,
      fmt(r.okPerSecond),
      fmt(r.latencyMs.p50, 1),
      fmt(r.latencyMs.p99, 1),
      fmt(r.latencyMs.max, 1),
      fmt(r.ok),
      fmt(r.non2xx + r.errors + r.timeouts),
      fmt(r.seconds, 1),
    ];
    console.log('');
    console.log(
      table([
        ['target', '2xx/s', 'p50 ms', 'p99 ms', 'max ms', '2xx', 'other', 'seconds'],
        row('bare Nest route (before)', bareBefore.main),
        row('bare Nest route (after)', bareAfter.main),
        row('Switchyard ingest (api+worker)', ingest.main),
      ]),
    );
    console.log('');
    const routedAtEnd = atLoadEnd.completed;
    const drainLine =
      drainedMs === undefined
        ? `NOT drained within ${DRAIN_TIMEOUT_MS / 1000} s (${fmt(jobs.completed)}/${fmt(stored)} completed; states ${JSON.stringify(jobs.states)})`
        : `${fmt(drainedMs / 1000, 1)} s after the last accept (${fmt(routedAtEnd)} of ${fmt(stored)} were already routed ` +
          `when the load ended; ${fmt(stored / ((loadEnded + drainedMs - loadStarted) / 1000))} routed/s from the first accept)`;
    console.log(
      table([
        ['figure', 'value', 'target', ''],
        [
          'accepted/s (durable, 2xx)',
          fmt(ingest.main.okPerSecond),
          `>= ${fmt(TARGET_ACCEPTS)}`,
          verdict(ingest.main.okPerSecond >= TARGET_ACCEPTS),
        ],
        [
          'ratio ingest / bare (mean of before+after)',
          fmt(ratio, 2),
          `>= ${TARGET_RATIO}`,
          verdict(ratio >= TARGET_RATIO),
        ],
        [
          'ledger: 2xx answers = stored events',
          `${fmt(answered2xx)} = ${fmt(stored)}`,
          'equal',
          ledgerPass ? 'PASS' : 'FAIL',
        ],
      ]),
    );
    if (!ledgerPass) console.log(`ledger problems: ${problems.join('; ')}`);
    console.log(`routing drained: ${drainLine}`);
    console.log(`Switchyard boot (api+worker, fresh database incl. migrations): ${fmt(bootMs)} ms`);

    const file = writeResults('ingest', {
      at: new Date().toISOString(),
      node: process.version,
      payloadBytes: bodyText.length,
      connections: CONNECTIONS,
      logLevel: LOG_LEVEL,
      loadGenerator: 'autocannon 8 in a child process; server in-process',
      bare: { before: bareBefore, after: bareAfter, meanOkPerSecond: bareRate },
      ingest,
      ratio,
      targets: { acceptedPerSecond: TARGET_ACCEPTS, ratio: TARGET_RATIO },
      ledger: { answered2xx, accepted202, stored, distinctDeliveries: ledger?.deliveries, pass: ledgerPass, problems },
      routing: { drainedMsAfterLastAccept: drainedMs, completedAtLoadEnd: routedAtEnd, final: jobs },
      bootMs,
    });
    console.log(machineNote());
    console.log(`results: ${file}`);
    process.exitCode = ledgerPass ? 0 : 1;
  } finally {
    await app?.stop().catch((error: unknown) => console.error('stopping Switchyard:', error));
    load.close();
    await db.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
