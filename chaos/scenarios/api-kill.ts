import { sleep } from '../../bench/support/report';
import { readLedger, waitForDrain } from '../support/ledger';
import { DeliveryLoad } from '../support/load';
import { recoveryOf, Scenario } from '../support/scenario';
import { GITHUB_SECRET } from '../support/world';

/**
 * kill -9 of the api while deliveries arrive at 20/s and a burst of 400 is on its way (frozen
 * 200 ms before, so inserts it sent commit unanswered), twice, each time started again at once as
 * a supervisor would. Deliveries cut mid-request are retried by the
 * sender with the same id (after 1, 4 and 8 s): one stored before the cut is answered as a
 * duplicate with the first event's id, and posted once.
 */
export const apiKill: Scenario = {
  name: 'api-kill',
  title: 'kill -9 of the api under load (twice), restarted at once',
  boundMs: 120_000,
  async run(context) {
    const world = await context.world('main');
    const load = new DeliveryLoad(() => world.api.url, {
      rate: 20,
      secret: GITHUB_SECRET,
      retryDelaysMs: [1000, 4000, 8000],
    });
    load.start();
    await sleep(6000);
    const restarts: number[] = [];
    const bursts: Promise<void>[] = [];
    let killedAt = 0;
    for (let round = 1; round <= 2; round++) {
      // Mid-burst, so batches are being committed as it dies. Frozen first, a moment before the
      // kill, so the inserts it has sent commit while their answers are never written: stored,
      // not acknowledged, and the sender's retry must be answered as a duplicate.
      bursts.push(load.burst(400));
      await sleep(300);
      world.api.freeze();
      await sleep(200);
      await world.api.kill9();
      killedAt = Date.now();
      context.log(`api killed (round ${round}); starting it again`);
      await world.api.start();
      restarts.push(Date.now() - killedAt);
      await sleep(6000);
    }
    await Promise.all(bursts);
    await load.stop();
    const drainedAt = await waitForDrain({ world, deliveries: load.deliveries }, 45_000);
    const { firstAckAt, fiveXxAfter } = recoveryOf(load, killedAt);
    return {
      ledger: await readLedger({ world, deliveries: load.deliveries }),
      recovery: {
        firstAckMs: firstAckAt && firstAckAt - killedAt,
        drainedMs: drainedAt && drainedAt - killedAt,
      },
      fiveXxAfterRecovery: fiveXxAfter,
      figures: { 'api restart to /health 200 (each)': restarts.map((ms) => `${(ms / 1000).toFixed(1)} s`).join(', ') },
      problems: [],
    };
  },
};
