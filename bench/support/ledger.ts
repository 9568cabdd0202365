import type { BenchDatabase } from './bench-database';
import { fmt } from './report';

export interface SourceLedger {
  source: string;
  /** Events the 2xx answers reported stored, with ids ... */
  reported: number;
  distinctReported: number;
  /** ... the events the 2xx-answered requests carried ... */
  sent: number;
  /** ... the source's rows in webhook_events, and those of them whose id an answer reported. */
  stored: number;
  matched: number;
  distinctDeliveries: number;
  problems: string[];
}

/**
 * The exact ledger of one source: every event an answer reported is one row of webhook_events,
 * with the id the answer gave, and there are no other rows; and the answers reported as many events
 * as the requests carried.
 */
export async function sourceLedger(
  db: Pick<BenchDatabase, 'query'>,
  source: string,
  reportedIds: readonly string[],
  sent: number,
): Promise<SourceLedger> {
  const [row] = await db.query<{ stored: number; matched: number; deliveries: number }>(
    `SELECT count(*)::int AS stored, count(r.id)::int AS matched, count(DISTINCT e.delivery_id)::int AS deliveries
       FROM webhook_events e
       LEFT JOIN (SELECT DISTINCT unnest($2::text[]) AS id) r ON r.id = e.id::text
      WHERE e.source = $1`,
    [source, reportedIds],
  );
  const stored = row?.stored ?? -1;
  const matched = row?.matched ?? -1;
  const distinctReported = new Set(reportedIds).size;
  const reported = reportedIds.length;
  const problems = [
    reported !== sent && `answers reported ${fmt(reported)} events for ${fmt(sent)} sent`,
    distinctReported !== reported && `event ids reported twice: ${fmt(reported - distinctReported)}`,
    stored !== reported && `${fmt(reported)} events reported but ${fmt(stored)} rows`,
    matched !== distinctReported && `reported event ids without a row: ${fmt(distinctReported - matched)}`,
    matched !== stored && `rows no answer reported: ${fmt(stored - matched)}`,
    row?.deliveries !== stored && `${fmt(row?.deliveries ?? 0)} distinct delivery ids in ${fmt(stored)} rows`,
  ].filter((p): p is string => typeof p === 'string');
  return {
    source,
    reported,
    distinctReported,
    sent,
    stored,
    matched,
    distinctDeliveries: row?.deliveries ?? 0,
    problems,
  };
}
