import { sleep } from '../../bench/support/report';
import { askStatus, describeAnswer } from '../support/bot-check';
import { readyAgainAfterFault, settleAndMeasure, unexpectedStatuses } from '../support/after-fault';
import { DeliveryLoad } from '../support/load';
import { formatCounts, Scenario, statusesBetween } from '../support/scenario';
import { GITHUB_SECRET } from '../support/world';

const STORM_MS = 30_000;
const EVERY_MS = 500;

/**
 * Every connection of the api, the two workers and the bot terminated (pg_terminate_backend)
 * twice a second for 30 s while deliveries arrive at 20/s. Ingest may only answer 202 (stored) or
 * 503 (not stored, retry); afterwards every process must be ready again by itself, route and post
 * everything once, in order, and answer no 5xx.
 */
export const postgresTerminate: Scenario = {
  name: 'postgres-terminate',
  title: 'every connection terminated twice a second for 30 s under load',
  boundMs: 120_000,
  async run(context) {
    const world = await context.world('main', { workers: 2, bot: true });
    const load = new DeliveryLoad(() => world.api.url, { rate: 20, secret: GITHUB_SECRET });
    load.start();
    await sleep(5000);
    const stormStart = Date.now();
    let terminated = 0;
    let rounds = 0;
    context.log('terminating every connection twice a second');
    while (Date.now() - stormStart < STORM_MS) {
      terminated += await context.cluster.terminate(world.db.name);
      rounds++;
      await sleep(Math.max(0, stormStart + rounds * EVERY_MS - Date.now()));
    }
    const faultEnd = Date.now();
    context.log(`stopped terminating (${terminated} connections cut)`);
    const problems: string[] = [];
    const readyAt = await readyAgainAfterFault(world, problems);
    const after = await askStatus(world);
    const measured = await settleAndMeasure(world, load, faultEnd, 10_000);

    const statuses = statusesBetween(load, stormStart, faultEnd);
    const other = unexpectedStatuses(statuses, (s) => ['202', '200', '503'].includes(s));
    if (other.length > 0) problems.push(`answers other than 202 or 503 during the storm: ${formatCounts(statuses)}`);
    if (!after.ok) problems.push(`the bot did not answer /status afterwards: ${describeAnswer(after)}`);
    return {
      ...measured,
      figures: {
        'connections terminated': `${terminated} in ${rounds} rounds`,
        'answers during the storm': formatCounts(statuses),
        'every process ready again after': readyAt ? `${((readyAt - faultEnd) / 1000).toFixed(1)} s` : 'never',
        '/status afterwards': describeAnswer(after),
      },
      problems,
    };
  },
};
