import { sleep } from '../../bench/support/report';
import { ConnectionHog } from '../support/connection-hog';
import { readyAgainAfterFault, settleAndMeasure, unexpectedStatuses } from '../support/after-fault';
import { DeliveryLoad } from '../support/load';
import { notReady } from '../support/recovered';
import { formatCounts, Scenario, statusesBetween } from '../support/scenario';
import { GITHUB_SECRET } from '../support/world';

const HOLD_MS = 20_000;
/** An answer slower than this while no connection can be had is a hang, not a refusal. */
const FAIL_FAST_MS = 6_000;

/**
 * Someone else takes every connection slot of the server (hundreds of idle connections) for 20 s
 * while deliveries arrive at 20/s; the app's own connections are cut once a second and their slots
 * taken too, so it must get new ones and cannot. Ingest must refuse quickly (503), never hang; once the slots are free again every
 * process recovers by itself and nothing acknowledged is lost.
 */
export const poolExhaustion: Scenario = {
  name: 'pool-exhaustion',
  title: 'every connection slot held by someone else for 20 s, under load',
  boundMs: 120_000,
  async run(context) {
    const world = await context.world('main', { workers: 1 });
    const load = new DeliveryLoad(() => world.api.url, { rate: 20, secret: GITHUB_SECRET });
    load.start();
    await sleep(5000);
    const hog = new ConnectionHog(context.cluster.urlOf('postgres'));
    const admin = await context.cluster.admin();
    const holdStart = Date.now();
    await hog.start();
    context.log(`holding ${hog.holding} idle connections`);
    // The app keeps the connections it has: cut them, and let the hog take the slots they free,
    // once a second, so the app is left without.
    let cut = 0;
    while (Date.now() - holdStart < HOLD_MS - 3000) {
      cut += await context.cluster.terminate(world.db.name, admin);
      await hog.refill();
      await sleep(1000);
    }
    const notReadyDuring = await notReady(world);
    const held = hog.holding;
    await sleep(Math.max(0, holdStart + HOLD_MS - Date.now()));
    await admin.end();
    await hog.release();
    const faultEnd = Date.now();
    context.log('released them');
    const problems: string[] = [];
    const readyAt = await readyAgainAfterFault(world, problems);
    const measured = await settleAndMeasure(world, load, faultEnd, 10_000);

    const during = load.attemptsBetween(holdStart + 2000, faultEnd);
    const statuses = statusesBetween(load, holdStart + 2000, faultEnd);
    const slowest = Math.max(0, ...during.map((a) => a.answeredAt - a.sentAt));
    const other = unexpectedStatuses(statuses, (s) => ['202', '200', '503'].includes(s));
    if (other.length > 0)
      problems.push(`answers other than 202 or 503 while the slots were held: ${formatCounts(statuses)}`);
    if (slowest > FAIL_FAST_MS) problems.push(`an answer took ${slowest} ms while the slots were held`);
    return {
      ...measured,
      figures: {
        'idle connections held (peak)': `${held} (${hog.peak})`,
        'the server said': hog.refusal ?? 'nothing',
        'app connections cut (once a second)': cut,
        'answers while held': formatCounts(statuses),
        'slowest answer while held': `${slowest} ms`,
        'not ready while held': notReadyDuring.join(', ') || 'none',
        'every process ready again after': readyAt ? `${((readyAt - faultEnd) / 1000).toFixed(1)} s` : 'never',
      },
      problems,
    };
  },
};
