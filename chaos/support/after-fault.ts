import { sleep } from '../../bench/support/report';
import { readLedger, waitForDrain } from './ledger';
import type { DeliveryLoad } from './load';
import { allReadyAgain, notReady } from './recovered';
import { recoveryOf, ScenarioResult } from './scenario';
import type { World } from './world';

/** When every process was ready again by itself after the fault, or undefined with a problem line saying which were not. */
export async function readyAgainAfterFault(world: World, problems: string[]): Promise<number | undefined> {
  const readyAt = await allReadyAgain(world, 45_000);
  if (!readyAt) problems.push(`not ready again without a restart: ${(await notReady(world)).join(', ')}`);
  return readyAt;
}

/**
 * Lets the load run on until `settleMs` after the fault, stops it, waits for everything to be routed
 * and posted, and measures: the ledger, how long recovery took, and the 5xx after it.
 */
export async function settleAndMeasure(
  world: World,
  load: DeliveryLoad,
  faultEnd: number,
  settleMs: number,
): Promise<Pick<ScenarioResult, 'ledger' | 'recovery' | 'fiveXxAfterRecovery'>> {
  await sleep(Math.max(0, faultEnd + settleMs - Date.now()));
  await load.stop();
  const drainedAt = await waitForDrain({ world, deliveries: load.deliveries }, 45_000);
  const { firstAckAt, fiveXxAfter } = recoveryOf(load, faultEnd);
  return {
    ledger: await readLedger({ world, deliveries: load.deliveries }),
    recovery: {
      firstAckMs: firstAckAt && firstAckAt - faultEnd,
      drainedMs: drainedAt && drainedAt - faultEnd,
    },
    fiveXxAfterRecovery: fiveXxAfter,
  };
}

/** Statuses outside `allowed`, for a problem line. */
export function unexpectedStatuses(statuses: Record<string, number>, allowed: (status: string) => boolean): string[] {
  return Object.keys(statuses).filter((status) => !allowed(status));
}
