import { sleep } from '../../bench/support/report';
import { readLedger, waitForDrain } from '../support/ledger';
import { DeliveryLoad } from '../support/load';
import { Scenario } from '../support/scenario';
import { workerMidPost } from '../support/victims';
import { GITHUB_SECRET } from '../support/world';

/**
 * Two workers; deliveries at 15/s. Twice, Discord is made slow (400 ms an answer) and the worker
 * whose post is on its way is killed with -9 and started again a second later. Discord creates
 * that message after its sender died, so the job, retried once its heartbeat is stale, must not
 * post it a second time (the nonce), and the channel's later posts must wait for it.
 */
export const workerKillPost: Scenario = {
  name: 'worker-kill-post',
  title: 'kill -9 of a worker mid-post (twice), two workers',
  boundMs: 120_000,
  async run(context) {
    const world = await context.world('main', { workers: 2 });
    const load = new DeliveryLoad(() => world.api.url, { rate: 15, secret: GITHUB_SECRET });
    load.start();
    await sleep(4000);
    const kills: string[] = [];
    let lastKill = 0;
    for (let round = 1; round <= 2; round++) {
      world.discord.latency = () => 400;
      const victim = await workerMidPost(world.discord, world.workers, 10_000);
      if (victim) {
        await victim.kill9();
        lastKill = Date.now();
        kills.push(victim.name);
        context.log(`killed ${victim.name} mid-post`);
      } else {
        kills.push('no post caught');
      }
      world.discord.latency = () => 0;
      await sleep(1000);
      await victim?.start();
      await sleep(5000);
    }
    await load.stop();
    const drainedAt = await waitForDrain({ world, deliveries: load.deliveries }, 60_000);
    return {
      ledger: await readLedger({ world, deliveries: load.deliveries }),
      recovery: { drainedMs: drainedAt && lastKill ? drainedAt - lastKill : undefined },
      figures: { 'workers killed mid-post': kills.join(', ') },
      problems: kills.includes('no post caught') ? ['a round caught no post on its way'] : [],
    };
  },
};
