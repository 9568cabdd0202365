import type { ChaosCluster } from './cluster';
import type { Ledger } from './ledger';
import type { DeliveryLoad } from './load';
import type { World, WorldOptions } from './world';

export interface ScenarioContext {
  cluster: ChaosCluster;
  /** A progress line on stderr, prefixed with the scenario and the seconds since it began. */
  log(line: string): void;
  /** A world the runner closes whatever happens (also when the scenario overruns its bound). */
  world(name: string, options?: WorldOptions): Promise<World>;
}

export interface Recovery {
  /** From the end of the fault to the first delivery acknowledged after it. */
  firstAckMs?: number;
  /** From the end of the fault to every event routed and every post made, dead or parked. */
  drainedMs?: number;
}

export interface ScenarioResult {
  ledger?: Ledger;
  recovery?: Recovery;
  /** Attempts answered 5xx (or cut) that were sent after the first acknowledgement following the fault. */
  fiveXxAfterRecovery?: number;
  /** Scenario-specific figures, printed under the ledger. */
  figures: Record<string, string | number>;
  /** Scenario-specific expectations that did not hold. */
  problems: string[];
}

export interface Scenario {
  name: string;
  /** One line: what is done to the system. */
  title: string;
  /** The whole scenario, processes started and stopped included, must finish within this. */
  boundMs: number;
  run(context: ScenarioContext): Promise<ScenarioResult>;
}

/** The first acknowledgement answered at or after `faultEnd`, and the 5xx/cut attempts sent after it. */
export function recoveryOf(load: DeliveryLoad, faultEnd: number): { firstAckAt?: number; fiveXxAfter: number } {
  const acks = load
    .attemptsBetween(faultEnd)
    .filter((a) => a.status >= 200 && a.status < 300)
    .map((a) => a.answeredAt);
  const firstAckAt = acks.length > 0 ? Math.min(...acks) : undefined;
  if (firstAckAt === undefined) return { firstAckAt, fiveXxAfter: 0 };
  const fiveXxAfter = load.deliveries
    .flatMap((d) => d.attempts)
    .filter((a) => a.sentAt > firstAckAt && (a.status >= 500 || a.status <= 0)).length;
  return { firstAckAt, fiveXxAfter };
}

/** Statuses of the attempts answered in [from, to), e.g. `{ 503: 120, 0: 3 }`. */
export function statusesBetween(load: DeliveryLoad, from: number, to: number): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const attempt of load.attemptsBetween(from, to)) counts[attempt.status] = (counts[attempt.status] ?? 0) + 1;
  return counts;
}

export const formatCounts = (counts: Record<string, number>): string =>
  Object.entries(counts)
    .map(([key, n]) => `${key}: ${n}`)
    .join(', ') || 'none';
