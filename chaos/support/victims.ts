import { sleep } from '../../bench/support/report';
import type { FakeDiscord } from '../../test/support/fake-discord';
import type { ScenarioDatabase } from './cluster';
import type { SwitchyardProcess } from './processes';
import { processOwningPort } from './sockets';

/** The batch router's advisory lock (src/routing/router/event-router.ts, ROUTER_LOCK_KEY). */
export const ROUTER_LOCK_KEY = 7_353_001;

const ownerOf = (port: number, processes: readonly SwitchyardProcess[]) => {
  const pid = processOwningPort(
    port,
    processes.map((p) => p.pid).filter((pid): pid is number => pid !== undefined),
  );
  return processes.find((p) => p.pid !== undefined && p.pid === pid);
};

/**
 * The worker whose router is inside a batch transaction right now (it holds the router's
 * advisory lock), found through its backend's client port; waits for one up to `timeoutMs`.
 */
export async function workerMidBatch(
  db: ScenarioDatabase,
  workers: readonly SwitchyardProcess[],
  timeoutMs: number,
): Promise<SwitchyardProcess | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const [holder] = await db.query<{ port: number }>(
      `SELECT a.client_port AS port FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'advisory' AND l.granted AND l.classid = 0 AND l.objid = $1
          AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      [ROUTER_LOCK_KEY],
    );
    const owner = holder && ownerOf(holder.port, workers);
    if (owner) return owner;
    await sleep(10);
  }
  return undefined;
}

/**
 * The worker that has a message post on its way to the fake Discord right now (the request has
 * arrived and is being answered slowly), found through the request's remote port.
 */
export async function workerMidPost(
  discord: FakeDiscord,
  workers: readonly SwitchyardProcess[],
  timeoutMs: number,
): Promise<SwitchyardProcess | undefined> {
  const since = Date.now();
  const deadline = since + timeoutMs;
  while (Date.now() < deadline) {
    const request = [...discord.requests]
      .reverse()
      .find((r) => r.at >= since && r.method === 'POST' && /\/channels\/\d+\/messages$/.test(r.path));
    const owner = request?.remotePort && ownerOf(request.remotePort, workers);
    if (owner) return owner;
    await sleep(5);
  }
  return undefined;
}
