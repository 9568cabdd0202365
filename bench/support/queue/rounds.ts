import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { BenchDatabase } from '../bench-database';
import { collectGarbage, percentile, sleep } from '../report';
import { probe } from './probe';
import { noopQueue, Target } from './targets';

const INSERT_CHUNK = 1_000;
const ROUND_TIMEOUT_MS = 60_000;

export interface Throughput {
  jobs: number;
  /** From the first job's started_on to the last job's completed_on (database clock). */
  spanSeconds: number;
  jobsPerSecond: number;
  /** From starting the workers to seeing every job completed (includes this bench's polling). */
  wallSeconds: number;
  insertSeconds: number;
  /** /proc/loadavg's 1-minute figure when the round ended. */
  load1: number;
}

export const load1 = (): number => Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);

/**
 * N jobs bulk-inserted while the target's workers are off, then the workers started; the rate is
 * read from the job rows. The round's rows are deleted afterwards so every round of every target
 * starts from a job table of the same size.
 */
export async function throughputRound(
  db: BenchDatabase,
  target: Target,
  round: string,
  count: number,
): Promise<Throughput> {
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
  // autovacuum's next pass happens to land, which made the systems incomparable.
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
  await target.stopWorkers();
  await db.query(`DELETE FROM ${target.schema}.job WHERE name = $1 AND data->>'round' = $2`, [noopQueue.name, round]);
  await db.query(`VACUUM ${target.schema}.job`);
  const spanSeconds = row?.span ?? NaN;
  return { jobs: count, spanSeconds, jobsPerSecond: count / spanSeconds, wallSeconds, insertSeconds, load1: load1() };
}

export interface Latency {
  samples: number;
  timeouts: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** The send() round trip alone, for reference. */
  sendP50: number;
}

/**
 * With every target's workers idle, one job at a time, the targets in turn: from just before send() to
 * the handler's first line. Taking turns gives each target the same share of the machine's load.
 */
export async function latencyRounds(targets: Target[], samplesEach: number): Promise<Latency[]> {
  const pickups: number[][] = targets.map(() => []);
  const sends: number[][] = targets.map(() => []);
  const timeouts = targets.map(() => 0);
  await sleep(1000); // let the last fetches settle: the workers are idle from here on
  for (let seq = 0; seq < samplesEach * targets.length; seq++) {
    const i = seq % targets.length;
    await sleep(20 + Math.random() * 30);
    const handlerStart = probe.startOf(seq, 5000);
    const before = performance.now();
    await targets[i]!.send({ round: 'latency', seq });
    sends[i]!.push(performance.now() - before);
    const at = await handlerStart;
    if (at === undefined) timeouts[i]!++;
    else pickups[i]!.push(at - before);
  }
  return targets.map((_, i) => {
    const sorted = pickups[i]!.sort((a, b) => a - b);
    return {
      samples: sorted.length,
      timeouts: timeouts[i]!,
      p50: percentile(sorted, 50),
      p90: percentile(sorted, 90),
      p99: percentile(sorted, 99),
      max: percentile(sorted, 100),
      sendP50: percentile(
        sends[i]!.sort((a, b) => a - b),
        50,
      ),
    };
  });
}
