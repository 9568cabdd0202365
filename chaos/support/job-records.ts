import { publicState, type JobState } from '../../src/jobs/job-state';
import type { PgBossJobState } from '../../src/platform/queue/job-table';
import type { ScenarioDatabase } from './cluster';

/**
 * The harness's one reader of pg-boss's tables (and of the inbox), so the ledger is read from the
 * system's own records. `pgboss.job` columns used: name, id, state, data, output, created_on,
 * singleton_key.
 */

export interface PostJob {
  id: string;
  state: JobState;
  channelId: string;
  eventId: string;
  /** The error of its last attempt, for dead and failing jobs. */
  error?: string;
  /** Position in its channel: pg-boss's key_strict_fifo order (created_on, id). */
  order: number;
  /** The job whose plan carries this post (a coalesced backlog): its delivery is the carrier's. */
  carrier?: string;
}

export interface StoredEvent {
  id: string;
  deliveryId: string;
  routingStatus: string;
  repository: string;
}

export async function storedEvents(db: ScenarioDatabase): Promise<StoredEvent[]> {
  return db.query<StoredEvent>(
    `SELECT id::text, delivery_id AS "deliveryId", routing_status AS "routingStatus",
            coalesce((body::jsonb)->'repository'->>'full_name', '') AS repository
       FROM webhook_events WHERE source = 'github'`,
  );
}

export async function postJobs(db: ScenarioDatabase): Promise<PostJob[]> {
  const rows = await db.query<{
    id: string;
    state: PgBossJobState;
    channel_id: string;
    event_id: string;
    error: string | null;
    carrier: string | null;
  }>(
    `SELECT id::text, state::text, data->>'channelId' AS channel_id, coalesce(data->>'eventId', '') AS event_id,
            CASE WHEN state IN ('failed', 'retry') THEN output->>'message' END AS error,
            CASE WHEN state = 'completed' THEN output->>'coalescedInto' END AS carrier
       FROM pgboss.job WHERE name = 'discord.post'
      ORDER BY created_on, id`,
  );
  return rows.map((row, order) => ({
    id: row.id,
    state: publicState(row.state),
    channelId: row.channel_id,
    eventId: row.event_id,
    error: row.error ?? undefined,
    carrier: row.carrier ?? undefined,
    order,
  }));
}

/** Jobs per queue and public state: `{ 'discord.post': { succeeded: 120, dead: 2 } }`. */
export async function jobsByState(db: ScenarioDatabase): Promise<Record<string, Partial<Record<JobState, number>>>> {
  const rows = await db.query<{ name: string; state: PgBossJobState; n: number }>(
    `SELECT name, state::text, count(*)::int AS n FROM pgboss.job
      WHERE name NOT LIKE '\\_\\_%' GROUP BY name, state ORDER BY name, state`,
  );
  const byQueue: Record<string, Partial<Record<JobState, number>>> = {};
  for (const { name, state, n } of rows) (byQueue[name] ??= {})[publicState(state)] = n;
  return byQueue;
}
