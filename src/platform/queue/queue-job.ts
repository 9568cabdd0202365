/** What a handler receives: the job's id, its payload, which attempt this is, and an abort signal. */
export interface QueueJob<TData> {
  id: string;
  name: string;
  data: TData;
  /** 0 on the first run, 1 on the first retry, … */
  retryCount: number;
  /** Whether a failure of this attempt makes the job dead (no retries left). */
  lastAttempt: boolean;
  signal: AbortSignal;
}

/**
 * Thrown by a handler for a failure that retrying cannot fix (bad input, missing access):
 * the job goes straight to `dead` with this reason instead of using up its retries.
 */
export class PermanentJobError extends Error {
  override readonly name = 'PermanentJobError';
}

/**
 * Thrown by a handler told when to try again (a receiver's Retry-After): the next attempt is due at
 * `at` instead of after the queue's backoff. On the last attempt it fails like any error.
 */
export class RetryLaterError extends Error {
  override readonly name = 'RetryLaterError';

  constructor(
    message: string,
    readonly at: Date,
  ) {
    super(message);
  }
}
