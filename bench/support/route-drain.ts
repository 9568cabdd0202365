import { performance } from 'node:perf_hooks';
import type { BenchDatabase } from './bench-database';
import { fmt, sleep } from './report';

export interface RoutingProgress {
  total: number;
  completed: number;
  states: Record<string, number>;
}

export interface Drain {
  /** Events stored before this load (already routed), and in all after it. */
  before: number;
  stored: number;
  /** Events routed when the load ended. */
  completedAtLoadEnd: number;
  final: RoutingProgress;
  /** After the last accept; undefined when not drained within the timeout. */
  drainedMs?: number;
  timeoutMs: number;
}

/** Stored events by routing status; `routed` ones are done. */
async function routingProgress(db: BenchDatabase): Promise<RoutingProgress> {
  const rows = await db.query<{ state: string; n: number }>(
    `SELECT routing_status AS state, count(*)::int AS n FROM webhook_events GROUP BY routing_status`,
  );
  const states = Object.fromEntries(rows.map((r) => [r.state, r.n]));
  return { total: rows.reduce((sum, r) => sum + r.n, 0), completed: states.routed ?? 0, states };
}

/** Waits until the worker's router has routed every stored event (or `timeoutMs` after `loadEnded`). */
export async function waitForRouting(
  db: BenchDatabase,
  loadEnded: number,
  timeoutMs: number,
  before = 0,
): Promise<Drain> {
  const [row] = await db.query<{ stored: number }>('SELECT count(*)::int AS stored FROM webhook_events');
  const stored = row?.stored ?? 0;
  const atLoadEnd = await routingProgress(db);
  let final = atLoadEnd;
  while (performance.now() - loadEnded < timeoutMs) {
    final = await routingProgress(db);
    if (final.total === stored && final.completed === final.total) {
      return {
        before,
        stored,
        completedAtLoadEnd: atLoadEnd.completed,
        final,
        drainedMs: performance.now() - loadEnded,
        timeoutMs,
      };
    }
    await sleep(100);
  }
  return { before, stored, completedAtLoadEnd: atLoadEnd.completed, final, timeoutMs };
}

/** "4.1 s after the last accept (…)", or why it did not drain. */
export function drainLine(drain: Drain, loadSeconds: number): string {
  const { before, stored, drainedMs, final } = drain;
  const own = stored - before;
  return drainedMs === undefined
    ? `NOT drained within ${drain.timeoutMs / 1000} s (${fmt(final.completed - before)}/${fmt(own)} completed; states ${JSON.stringify(final.states)})`
    : `${fmt(drainedMs / 1000, 1)} s after the last accept (${fmt(drain.completedAtLoadEnd - before)} of ${fmt(own)} were already routed ` +
        `when the load ended; ${fmt(own / (loadSeconds + drainedMs / 1000))} routed/s from the first accept)`;
}
