import { Injectable } from '@nestjs/common';
import type { Db } from 'pg-boss';
import { keysetAt } from '../http/keyset-cursor';
import { QueueClient } from './queue-client';
import { ambientPgBossDb } from './transaction-db';

/** A key_strict_fifo job moved out of its key's line keeps the key after this prefix and its id. */
const ASIDE = 'aside:';
/** An `exclusive` job that freed its key for its follow-up keeps the key after this prefix and its id. */
const RAN = 'ran:';

/** The pgboss.job columns the statements below read or write (test/job-table.e2e-spec.ts checks them). */
export const JOB_TABLE_COLUMNS = {
  id: 'uuid',
  name: 'text',
  state: 'job_state',
  policy: 'text',
  singleton_key: 'text',
  data: 'jsonb',
  output: 'jsonb',
  retry_count: 'integer',
  retry_limit: 'integer',
  created_on: 'timestamp with time zone',
  started_on: 'timestamp with time zone',
  start_after: 'timestamp with time zone',
  completed_on: 'timestamp with time zone',
  heartbeat_on: 'timestamp with time zone',
  blocked: 'boolean',
} as const;

export interface QueuedJob<T = unknown> {
  id: string;
  data: T;
}

/** Unfinished jobs of one queue in one pg-boss state (`created` split into due and `deferred`). */
export interface QueueDepthRow {
  queue: string;
  state: 'created' | 'deferred' | 'retry' | 'active' | 'failed';
  count: number;
  /** Seconds the longest-waiting due `created` job has been due; null for other states. */
  oldestDueSeconds: number | null;
}

export interface KeyHolder {
  id: string;
  state: 'created' | 'retry' | 'active';
  startAfter: Date;
}

export interface DeadHolder {
  id: string;
  key: string;
  output: unknown;
  completedOn: Date;
}

/** A job as the jobs API and the dashboard show it. */
export interface JobRecord {
  id: string;
  name: string;
  state: PgBossJobState;
  data: unknown;
  output: unknown;
  retry_count: number;
  retry_limit: number;
  start_after: Date;
  created_on: Date;
  started_on: Date | null;
  completed_on: Date | null;
}

export type PgBossJobState = 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed';

export interface JobPageQuery {
  queues: string[];
  state?: PgBossJobState;
  /** Only jobs before this one in (created_on, id) order, newest first. */
  before?: { at: string; id: string };
  limit: number;
}

const RECORD_COLUMNS = `id, name, state, data, output, retry_count, retry_limit, start_after, created_on, started_on, completed_on`;

/** The key a job had before it was moved aside (or its key, if it never was). */
export const originalKey = (key: string): string =>
  key.startsWith(ASIDE) ? key.slice(key.indexOf(':', ASIDE.length) + 1) : key;

/**
 * Everything Switchyard reads from or does to pg-boss's job and queue tables that pg-boss has no
 * call for, in one place: pages of jobs and their counts for the API, the dashboard and the status;
 * lock the jobs queued behind a key, move a dead job out of its key's line, find the dead jobs that
 * hold a key, discard dead jobs, and put a running job back to retry at a chosen time. Each runs in
 * the audited change's transaction when there is one (see transaction-db.ts); pg-boss's pool otherwise.
 */
@Injectable()
export class JobTable {
  constructor(private readonly client: QueueClient) {}

  /**
   * Up to `limit` jobs waiting behind `key` on a key_strict_fifo queue, in the order pg-boss would
   * run them (created_on, id), locked until `db`'s transaction ends. Only jobs due now: a deferred
   * job is not its key's head either.
   */
  async lockQueuedBehind<T>(queue: string, key: string, limit: number, db: Db): Promise<QueuedJob<T>[]> {
    const { rows } = await db.executeSql(
      `SELECT id, data FROM pgboss.job
        WHERE name = $1 AND singleton_key = $2 AND policy = 'key_strict_fifo'
          AND state = 'created' AND NOT blocked AND start_after <= now()
        ORDER BY created_on, id
        LIMIT $3
        FOR UPDATE`,
      [queue, key, limit],
    );
    return rows as QueuedJob<T>[];
  }

  /**
   * Gives a running key_strict_fifo job a key of its own (`aside:<id>:<key>`), so the jobs behind
   * its key no longer wait for it: when it fails for good it stays visible as dead without holding
   * the line. False when the job is not running this attempt or was already moved aside.
   */
  async moveAside(queue: string, id: string, retryCount: number, db: Db = this.db): Promise<boolean> {
    const { rows } = await db.executeSql(
      `UPDATE pgboss.job SET singleton_key = '${ASIDE}' || id::text || ':' || singleton_key
        WHERE name = $1 AND id = $2 AND state = 'active' AND retry_count = $3
          AND policy = 'key_strict_fifo' AND singleton_key NOT LIKE '${ASIDE}%'
        RETURNING id`,
      [queue, id, retryCount],
    );
    return rows.length > 0;
  }

  /** Dead jobs that still hold their key's line (not moved aside), newest first; of one key if given. */
  async deadHolders(queue: string, key?: string, limit = 100): Promise<DeadHolder[]> {
    const { rows } = await this.db.executeSql(
      `SELECT id, singleton_key AS key, output, completed_on AS "completedOn" FROM pgboss.job
        WHERE name = $1 AND state = 'failed' AND policy = 'key_strict_fifo'
          AND singleton_key NOT LIKE '${ASIDE}%' AND ($2::text IS NULL OR singleton_key = $2)
        ORDER BY completed_on DESC
        LIMIT $3`,
      [queue, key ?? null, limit],
    );
    return rows as DeadHolder[];
  }

  /** Up to `limit` dead jobs of a queue, by id (after `after`, to walk them in batches). */
  async deadIds(queue: string, limit: number, after = '00000000-0000-0000-0000-000000000000'): Promise<string[]> {
    const { rows } = await this.db.executeSql(
      `SELECT id FROM pgboss.job WHERE name = $1 AND state = 'failed' AND id > $2 ORDER BY id LIMIT $3`,
      [queue, after, limit],
    );
    return rows.map((row: { id: string }) => row.id);
  }

  /** One job of these queues, in any state. */
  async find(queues: string[], id: string): Promise<JobRecord | undefined> {
    const { rows } = await this.db.executeSql(
      `SELECT ${RECORD_COLUMNS} FROM pgboss.job WHERE name = ANY($1) AND id = $2`,
      [queues, id],
    );
    return rows[0] as JobRecord | undefined;
  }

  /** Up to `limit` jobs newest first, each with its (created_on, id) keyset position for the next page. */
  async page(query: JobPageQuery): Promise<(JobRecord & { keyset_at: string })[]> {
    const params: unknown[] = [query.queues];
    const where = ['name = ANY($1)'];
    if (query.state) {
      params.push(query.state);
      where.push(`state = $${params.length}::pgboss.job_state`);
    }
    if (query.before) {
      params.push(query.before.at, query.before.id);
      where.push(`(created_on, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(query.limit);
    const { rows } = await this.db.executeSql(
      `SELECT ${RECORD_COLUMNS}, ${keysetAt('created_on')} AS keyset_at FROM pgboss.job WHERE ${where.join(' AND ')}
        ORDER BY created_on DESC, id DESC LIMIT $${params.length}`,
      params,
    );
    return rows as (JobRecord & { keyset_at: string })[];
  }

  /** Every queue pg-boss knows, declared by Switchyard or made by a rule's `job` action. */
  async queueNames(): Promise<string[]> {
    const { rows } = await this.db.executeSql('SELECT name FROM pgboss.queue');
    return rows.map((row: { name: string }) => row.name);
  }

  /** Jobs of these queues that ended (succeeded or dead) in [from, to), per minute. */
  async endedByMinute(
    queues: string[],
    from: Date,
    to: Date,
  ): Promise<{ minute: Date; state: 'completed' | 'failed'; count: number }[]> {
    const { rows } = await this.db.executeSql(
      `SELECT date_trunc('minute', completed_on) AS minute, state::text AS state, count(*)::int AS count FROM pgboss.job
        WHERE name = ANY($3) AND completed_on >= $1 AND completed_on < $2 AND state IN ('completed', 'failed')
        GROUP BY 1, 2`,
      [from, to, queues],
    );
    return rows as { minute: Date; state: 'completed' | 'failed'; count: number }[];
  }

  /**
   * Dead jobs dropped for good: canceled, with `{discarded: true, by, lastError}` as their output,
   * so they stay visible until retention removes them and no longer hold their key. The ids changed.
   */
  async discardDead(queue: string, ids: string[], by: string, db: Db = this.db): Promise<string[]> {
    const { rows } = await db.executeSql(
      `UPDATE pgboss.job
          SET state = 'cancelled', completed_on = now(),
              output = jsonb_build_object('discarded', true, 'by', $3::text, 'lastError', output)
        WHERE name = $1 AND id = ANY($2::uuid[]) AND state = 'failed'
        RETURNING id`,
      [queue, ids, by],
    );
    return rows.map((row: { id: string }) => row.id);
  }

  /**
   * Of these dead jobs of an `exclusive` queue, those that cannot run again: their key is held by a
   * live job (queued, retrying or running), or a newer dead job of the same key is among them (only
   * the newest of a key goes back). Empty for other policies.
   */
  async supersededDead(queue: string, ids: string[], db: Db = this.db): Promise<string[]> {
    const { rows } = await db.executeSql(
      `SELECT id FROM (
         SELECT d.id,
                row_number() OVER (PARTITION BY COALESCE(d.singleton_key, '') ORDER BY d.created_on DESC, d.id DESC) AS newest,
                EXISTS (SELECT 1 FROM pgboss.job l
                         WHERE l.name = d.name AND COALESCE(l.singleton_key, '') = COALESCE(d.singleton_key, '')
                           AND l.state IN ('created', 'retry', 'active') AND l.policy = 'exclusive') AS held
           FROM pgboss.job d
          WHERE d.name = $1 AND d.id = ANY($2::uuid[]) AND d.state = 'failed' AND d.policy = 'exclusive'
       ) ranked
       WHERE held OR newest > 1`,
      [queue, ids],
    );
    return rows.map((row: { id: string }) => row.id);
  }

  /**
   * Dead jobs another job of their key stands in for: canceled like a discard, with
   * `{discarded: true, superseded: true, lastError}` as their output. The ids changed.
   */
  async supersedeDead(queue: string, ids: string[], db: Db = this.db): Promise<string[]> {
    const { rows } = await db.executeSql(
      `UPDATE pgboss.job
          SET state = 'cancelled', completed_on = now(),
              output = jsonb_build_object('discarded', true, 'superseded', true, 'lastError', output)
        WHERE name = $1 AND id = ANY($2::uuid[]) AND state = 'failed'
        RETURNING id`,
      [queue, ids],
    );
    return rows.map((row: { id: string }) => row.id);
  }

  /**
   * The running attempt `retryCount` of a job back to `retry`, due at `at`, with `output` as its
   * last error: a handler's "try again then" (a receiver's Retry-After). False (and nothing changed)
   * when the attempt is no longer running or it was the last one allowed.
   */
  async retryAt(queue: string, id: string, retryCount: number, at: Date, output: object): Promise<boolean> {
    const { rows } = await this.db.executeSql(
      `UPDATE pgboss.job SET state = 'retry', start_after = $4, output = $5::jsonb, heartbeat_on = NULL
        WHERE name = $1 AND id = $2 AND state = 'active' AND retry_count = $3 AND retry_count < retry_limit
        RETURNING id`,
      [queue, id, retryCount, at, JSON.stringify(output)],
    );
    return rows.length > 0;
  }

  /**
   * Frees an `exclusive` queue's key from its running attempt (renamed `ran:<id>:<key>`), so the
   * job can queue its own follow-up under the key before it completes (a sync run chaining the
   * next one). False when the attempt is no longer running or already stepped aside.
   */
  async stepAside(queue: string, id: string, retryCount: number, db: Db = this.db): Promise<boolean> {
    const { rows } = await db.executeSql(
      `UPDATE pgboss.job SET singleton_key = '${RAN}' || id::text || ':' || singleton_key
        WHERE name = $1 AND id = $2 AND state = 'active' AND retry_count = $3
          AND policy = 'exclusive' AND singleton_key NOT LIKE '${RAN}%'
        RETURNING id`,
      [queue, id, retryCount],
    );
    return rows.length > 0;
  }

  /** The job holding an `exclusive` queue's key (queued, waiting to retry or running), if any. */
  async holderOf(queue: string, key: string, db: Db = this.db): Promise<KeyHolder | undefined> {
    const { rows } = await db.executeSql(
      `SELECT id, state::text AS state, start_after AS "startAfter" FROM pgboss.job
        WHERE name = $1 AND singleton_key = $2 AND state IN ('created', 'retry', 'active') AND policy = 'exclusive'
        LIMIT 1`,
      [queue, key],
    );
    return rows[0] as KeyHolder | undefined;
  }

  /** Makes the queued (or retrying) job holding an `exclusive` key due now; false when there is none. */
  async dueNow(queue: string, key: string, db: Db = this.db): Promise<boolean> {
    const { rows } = await db.executeSql(
      `UPDATE pgboss.job SET start_after = now()
        WHERE name = $1 AND singleton_key = $2 AND state IN ('created', 'retry') AND policy = 'exclusive'
        RETURNING id`,
      [queue, key],
    );
    return rows.length > 0;
  }

  /** Which of these jobs of a queue still exist (any state): pg-boss deletes them after retention. */
  async existing(queue: string, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const { rows } = await this.db.executeSql(`SELECT id FROM pgboss.job WHERE name = $1 AND id = ANY($2::uuid[])`, [
      queue,
      ids,
    ]);
    return new Set(rows.map((row: { id: string }) => row.id));
  }

  /**
   * Unfinished jobs of these queues by state, with how long the oldest due job has waited: what
   * metrics and the System page show. Completed and cancelled jobs are history, not depth.
   */
  async depths(queues: string[]): Promise<QueueDepthRow[]> {
    const { rows } = await this.db.executeSql(
      `SELECT name AS queue,
              CASE WHEN state = 'created' AND start_after > now() THEN 'deferred' ELSE state::text END AS state,
              count(*)::int AS count,
              extract(epoch FROM now() - min(start_after) FILTER (WHERE state = 'created' AND start_after <= now()))::float8
                AS "oldestDueSeconds"
         FROM pgboss.job
        WHERE name = ANY($1::text[]) AND state IN ('created', 'retry', 'active', 'failed')
        GROUP BY 1, 2`,
      [queues],
    );
    return rows as QueueDepthRow[];
  }

  /**
   * Dead jobs of a queue: how many there are, how many died after `since`, when the latest of those
   * died and its error (for the dead-jobs alert).
   */
  async deadSince(
    queue: string,
    since: Date | string,
  ): Promise<{ total: number; since: number; latest: string | null; lastError: unknown }> {
    const { rows } = await this.client.boss.getDb().executeSql(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE completed_on > $2)::int AS since,
              -- As text: a Date would drop the microseconds and the latest job would be counted again.
              (max(completed_on) FILTER (WHERE completed_on > $2))::text AS latest,
              (array_agg(output ORDER BY completed_on DESC) FILTER (WHERE completed_on > $2))[1] AS "lastError"
         FROM pgboss.job WHERE name = $1 AND state = 'failed'`,
      [queue, since],
    );
    return rows[0] as { total: number; since: number; latest: string | null; lastError: unknown };
  }

  /** An audited change's transaction when there is one (see ambientPgBossDb), else pg-boss's pool. */
  private get db(): Db {
    return ambientPgBossDb() ?? this.client.boss.getDb();
  }
}
