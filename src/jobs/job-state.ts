import type { PgBossJobState } from '../platform/queue/job-table';
/**
 * Public job states and the pg-boss states behind them:
 * - queued: created, waiting for a worker (run_after says when it may start)
 * - running: active, a worker holds it
 * - succeeded: completed
 * - failed: its last attempt failed and another one is scheduled (pg-boss `retry`)
 * - dead: failed for good, retries used up or a permanent error; `POST /jobs/:id/retry` revives it
 * - canceled: cancelled by a person or the API
 */
export const JOB_STATES = ['queued', 'running', 'succeeded', 'failed', 'dead', 'canceled'] as const;
export type JobState = (typeof JOB_STATES)[number];

const TO_PUBLIC: Record<PgBossJobState, JobState> = {
  created: 'queued',
  retry: 'failed',
  active: 'running',
  completed: 'succeeded',
  cancelled: 'canceled',
  failed: 'dead',
};

export const publicState = (state: PgBossJobState): JobState => TO_PUBLIC[state];

export const pgBossState = (state: JobState): PgBossJobState =>
  (Object.keys(TO_PUBLIC) as PgBossJobState[]).find((s) => TO_PUBLIC[s] === state)!;
