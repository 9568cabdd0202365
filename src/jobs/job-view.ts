import type { JobRecord } from '../platform/queue/job-table';
import { publicState, JobState } from './job-state';

export interface JobView {
  id: string;
  type: string;
  state: JobState;
  /** Attempts started so far, and how many are allowed in all. */
  attempts: number;
  maxAttempts: number;
  runAfter: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  data: unknown;
  result: unknown;
  lastError: unknown;
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export function toJobView(row: JobRecord): JobView {
  const state = publicState(row.state);
  const failed = state === 'failed' || state === 'dead';
  return {
    id: row.id,
    type: row.name,
    state,
    attempts: row.started_on ? row.retry_count + 1 : row.retry_count,
    maxAttempts: row.retry_limit + 1,
    runAfter: row.start_after.toISOString(),
    createdAt: row.created_on.toISOString(),
    startedAt: iso(row.started_on),
    finishedAt: state === 'succeeded' || state === 'dead' || state === 'canceled' ? iso(row.completed_on) : null,
    data: row.data,
    // A canceled job has an output only when it was discarded: `{discarded, by, lastError}`.
    result: state === 'succeeded' || state === 'canceled' ? (row.output ?? null) : null,
    lastError: failed ? (row.output ?? null) : null,
  };
}
