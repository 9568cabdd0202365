import { sleep } from '../../bench/support/report';
import type { World } from './world';

/**
 * Waits until every process of the world answers /ready again, without restarting any (a process
 * that had to be restarted shows up as a crash); the moment that held, or undefined.
 */
export async function allReadyAgain(world: World, timeoutMs: number): Promise<number | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await world.allReady()) return Date.now();
    await sleep(250);
  }
  return undefined;
}

/** Which processes do not answer /ready, for the report. */
export async function notReady(world: World): Promise<string[]> {
  const ready = await Promise.all(world.processes.map(async (p) => ((await p.ready()) ? undefined : p.name)));
  return ready.filter((name): name is string => name !== undefined);
}
