import { sleep } from '../../bench/support/report';
import { askStatus, describeAnswer } from '../support/bot-check';
import { readyAgainAfterFault, settleAndMeasure, unexpectedStatuses } from '../support/after-fault';
import { DeliveryLoad } from '../support/load';
import { notReady } from '../support/recovered';
import { formatCounts, Scenario, statusesBetween } from '../support/scenario';
import { GITHUB_SECRET } from '../support/world';

const OUTAGE_MS = 30_000;
/** A refusal slower than this while the database is down is a hang, not a refusal. */
const FAIL_FAST_MS = 6_000;

/**
 * PostgreSQL stopped (fast shutdown, every connection cut) for 30 s while deliveries arrive at
 * 20/s, with the api, two workers and the bot running. While it is down ingest must answer 503
 * (quickly), never acknowledge; once it is back every process must recover by itself (no restart),
 * answer /ready, route and post the backlog, and never answer 5xx again.
 */
export const postgresStop: Scenario = {
  name: 'postgres-stop',
  title: 'PostgreSQL stopped for 30 s under load (api, two workers, bot)',
  boundMs: 120_000,
  async run(context) {
    const world = await context.world('main', { workers: 2, bot: true });
    const load = new DeliveryLoad(() => world.api.url, { rate: 20, secret: GITHUB_SECRET });
    load.start();
    await sleep(6000);
    await context.cluster.stop();
    const stoppedAt = Date.now();
    context.log('PostgreSQL stopped');
    await sleep(5000);
    const during = await askStatus(world, 8000);
    await sleep(Math.max(0, stoppedAt + OUTAGE_MS - Date.now()));
    const notReadyDuring = await notReady(world);
    await context.cluster.start();
    const faultEnd = Date.now();
    context.log('PostgreSQL started again');
    const problems: string[] = [];
    const readyAt = await readyAgainAfterFault(world, problems);
    const after = await askStatus(world);
    const measured = await settleAndMeasure(world, load, faultEnd, 15_000);

    const outage = load.attemptsBetween(stoppedAt + 500, faultEnd);
    const statuses = statusesBetween(load, stoppedAt + 500, faultEnd);
    const slowest = Math.max(0, ...outage.map((a) => a.answeredAt - a.sentAt));
    // A 2xx answered just after the stop is for a delivery committed before it (the ledger's
    // "acknowledged but not stored" would count it otherwise): durable, so not a refusal to miss.
    const other = unexpectedStatuses(statuses, (s) => s === '503' || s.startsWith('2'));
    if (other.length > 0) problems.push(`answers other than 503 while PostgreSQL was down: ${formatCounts(statuses)}`);
    if (slowest > FAIL_FAST_MS) problems.push(`a refusal took ${slowest} ms while PostgreSQL was down`);
    if (!after.ok) problems.push(`the bot did not answer /status after recovery: ${describeAnswer(after)}`);
    return {
      ...measured,
      figures: {
        'answers while down': formatCounts(statuses),
        'slowest answer while down': `${slowest} ms`,
        'not ready while down': notReadyDuring.join(', ') || 'none',
        'every process ready again after': readyAt ? `${((readyAt - faultEnd) / 1000).toFixed(1)} s` : 'never',
        '/status while down': describeAnswer(during),
        '/status after recovery': describeAnswer(after),
      },
      problems,
    };
  },
};
