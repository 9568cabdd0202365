import type { SyncRun } from '../runs/sync-runs';
import { scheduleCron } from './sync-interval';
import type { SyncSourceRecord } from './sync-source-record';

/** A sync source as the API and the dashboard show it (never its credential). */
export interface SyncSourceView {
  kind: 'sync';
  slug: string;
  connector: string;
  resource: string;
  settings: Record<string, unknown>;
  hasSecret: boolean;
  intervalSeconds: number;
  /** The pg-boss cron of its schedule (runs under a minute apart are chained by the runs themselves). */
  schedule: string;
  paused: boolean;
  /** A listing going on over several runs: how many resources it has read so far. */
  listingInProgress: { seen: number } | null;
  lastCompleteListing: { count: number; at: string } | null;
  lastRun: SyncRun | null;
  /** Its events in the inbox (the API's list, filtered by this source). */
  eventsUrl: string;
  createdAt: string;
  updatedAt: string;
}

export function syncSourceView(record: SyncSourceRecord, lastRun: SyncRun | undefined): SyncSourceView {
  return {
    kind: 'sync',
    slug: record.slug,
    connector: record.connector,
    resource: record.resource,
    settings: record.settings,
    hasSecret: record.credentialSealed !== null,
    intervalSeconds: record.intervalSeconds,
    schedule: scheduleCron(record.slug, record.intervalSeconds),
    paused: record.paused,
    listingInProgress: record.listingId ? { seen: record.listingSeen } : null,
    lastCompleteListing:
      record.lastCompleteCount !== null && record.lastCompleteAt
        ? { count: record.lastCompleteCount, at: record.lastCompleteAt.toISOString() }
        : null,
    lastRun: lastRun ?? null,
    eventsUrl: `/webhooks/events?source=${encodeURIComponent(record.slug)}`,
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
  };
}
