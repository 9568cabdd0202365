import { sleep } from '../../bench/support/report';
import { readLedger, waitForDrain } from '../support/ledger';
import { DeliveryLoad } from '../support/load';
import { Scenario } from '../support/scenario';
import { ROUTER_LOCK_KEY, workerMidBatch } from '../support/victims';
import { GITHUB_SECRET } from '../support/world';

/**
 * Two workers; deliveries at 20/s. Twice: the harness holds the router's advisory lock while a
 * burst of 1,000 deliveries is stored, so a backlog builds; it lets go, and the worker whose router
 * then takes a full batch (inside the batch transaction, holding the lock) is killed with -9 and
 * started again a second later. The batch must be rolled back whole and routed again by the
 * other router, nothing posted twice or lost, the channel order kept.
 */
export const workerKillBatch: Scenario = {
  name: 'worker-kill-batch',
  title: 'kill -9 of the worker whose router is mid-batch (twice), two workers',
  boundMs: 120_000,
  async run(context) {
    const world = await context.world('main', { workers: 2 });
    const load = new DeliveryLoad(() => world.api.url, { rate: 20, secret: GITHUB_SECRET });
    load.start();
    await sleep(3000);
    const kills: string[] = [];
    let lastKill = 0;
    for (let round = 1; round <= 2; round++) {
      const lock = await context.cluster.connect(world.db.name);
      await lock.query('SELECT pg_advisory_lock($1)', [ROUTER_LOCK_KEY]);
      await load.burst(1000);
      await lock.end();
      const victim = await workerMidBatch(world.db, world.workers, 10_000);
      if (!victim) {
        kills.push('no batch caught');
        continue;
      }
      await victim.kill9();
      lastKill = Date.now();
      const [counted] = await world.db.query<{ pending: number }>(
        `SELECT count(*)::int AS pending FROM webhook_events WHERE routing_status = 'pending'`,
      );
      kills.push(`${victim.name} (${counted?.pending} events pending after)`);
      context.log(`killed ${victim.name} mid-batch; ${counted?.pending} events pending`);
      await sleep(1000);
      await victim.start();
    }
    await sleep(3000);
    await load.stop();
    const drainedAt = await waitForDrain({ world, deliveries: load.deliveries }, 60_000);
    return {
      ledger: await readLedger({ world, deliveries: load.deliveries }),
      recovery: { drainedMs: drainedAt && lastKill ? drainedAt - lastKill : undefined },
      figures: { 'workers killed mid-batch': kills.join('; ') },
      problems: kills.includes('no batch caught') ? ['a round caught no router mid-batch'] : [],
    };
  },
};
