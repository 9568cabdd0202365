import { fmt, table } from '../../bench/support/report';
import type { Ledger } from './ledger';
import { formatCounts, ScenarioResult } from './scenario';

const seconds = (ms: number | undefined): string => (ms === undefined ? 'never' : `${fmt(ms / 1000, 1)} s`);

const jobLine = (states: Partial<Record<string, number>>): string =>
  Object.entries(states)
    .map(([state, n]) => `${state} ${n}`)
    .join(', ');

/** One scenario's ledger as a two-column table. */
export function ledgerTable(result: ScenarioResult): string {
  const rows: string[][] = [['figure', 'value']];
  const ledger: Ledger | undefined = result.ledger;
  if (ledger) {
    const { deliveries, events, posts } = ledger;
    rows.push(
      ['deliveries sent (attempts)', `${fmt(deliveries.sent)} (${fmt(deliveries.attempts)})`],
      ['  acknowledged (2xx)', fmt(deliveries.acknowledged)],
      ['    of them 200 duplicate (stored earlier)', fmt(deliveries.acknowledgedAsDuplicate)],
      ['  attempts refused, by status', formatCounts(deliveries.refused)],
      ['events stored', fmt(events.stored)],
      ['  stored, answer lost (not acked)', fmt(events.storedUnacknowledged)],
      ['  acknowledged, not stored (LOST)', fmt(events.acknowledgedNotStored)],
      ['  routing status', formatCounts(events.byRoutingStatus)],
      ...Object.entries(ledger.jobs).map(([queue, states]) => [`jobs ${queue}`, jobLine(states)]),
      ['Discord posts expected / made', `${fmt(posts.expected)} / ${fmt(posts.made)}`],
      ['  post requests Discord received', fmt(posts.requests)],
      ['  duplicates', fmt(posts.duplicates)],
      ['  out of order', fmt(posts.outOfOrder)],
      ['  unexpected', fmt(posts.unexpected)],
      ['  dead (with reason)', fmt(posts.dead)],
      ['  parked behind a dead post', fmt(posts.parked)],
      ['  never posted, not dead (LOST)', fmt(posts.missing)],
      ['  dead jobs whose message was posted', fmt(posts.deadButPosted)],
      ...Object.entries(ledger.deadReasons).map(([reason, n]) => [`  dead: ${reason.slice(0, 70)}`, fmt(n)]),
    );
  }
  if (result.fiveXxAfterRecovery !== undefined) rows.push(['5xx after recovery', fmt(result.fiveXxAfterRecovery)]);
  if (result.recovery && 'firstAckMs' in result.recovery) {
    rows.push(['recovery: fault end → first ack', seconds(result.recovery.firstAckMs)]);
  }
  if (result.recovery) rows.push(['recovery: fault end → drained', seconds(result.recovery.drainedMs)]);
  for (const [name, value] of Object.entries(result.figures)) {
    rows.push([name, typeof value === 'number' ? fmt(value, Number.isInteger(value) ? 0 : 1) : value]);
  }
  return table(rows);
}

export interface SummaryRow {
  name: string;
  result: ScenarioResult;
  elapsedMs: number;
  boundMs: number;
  problems: string[];
}

export function summaryTable(rows: SummaryRow[]): string {
  return table([
    [
      'scenario',
      'sent',
      'acked',
      'stored',
      'posts exp/made',
      'dup',
      'order',
      'lost',
      '5xx after',
      'first ack',
      'drained',
      'time',
      'verdict',
    ],
    ...rows.map(({ name, result, elapsedMs, boundMs, problems }) => {
      const l = result.ledger;
      return [
        name,
        l ? fmt(l.deliveries.sent) : '-',
        l ? fmt(l.deliveries.acknowledged) : '-',
        l ? fmt(l.events.stored) : '-',
        l ? `${fmt(l.posts.expected)}/${fmt(l.posts.made)}` : '-',
        l ? fmt(l.posts.duplicates) : '-',
        l ? fmt(l.posts.outOfOrder) : '-',
        l ? fmt(l.events.acknowledgedNotStored + l.posts.missing) : '-',
        result.fiveXxAfterRecovery === undefined ? '-' : fmt(result.fiveXxAfterRecovery),
        result.recovery && 'firstAckMs' in result.recovery ? seconds(result.recovery.firstAckMs) : '-',
        result.recovery ? seconds(result.recovery.drainedMs) : '-',
        `${seconds(elapsedMs)} / ${fmt(boundMs / 1000)} s`,
        problems.length === 0 ? 'ok' : 'FAILED',
      ];
    }),
  ]);
}

/** Problems every scenario is held to: nothing lost, nothing doubled, nothing out of order. */
export function ledgerProblems(result: ScenarioResult): string[] {
  const l = result.ledger;
  const problems: string[] = [];
  if (l) {
    if (l.events.acknowledgedNotStored > 0)
      problems.push(`${l.events.acknowledgedNotStored} acknowledged deliveries not stored`);
    if (l.posts.missing > 0) problems.push(`${l.posts.missing} expected posts never made and not dead`);
    if (l.posts.duplicates > 0) problems.push(`${l.posts.duplicates} duplicate posts`);
    if (l.posts.outOfOrder > 0) problems.push(`${l.posts.outOfOrder} posts out of order`);
    if (l.posts.unexpected > 0) problems.push(`${l.posts.unexpected} unexpected posts`);
  }
  if ((result.fiveXxAfterRecovery ?? 0) > 0) problems.push(`${result.fiveXxAfterRecovery} 5xx answers after recovery`);
  return problems;
}
