import type { QueuePolicy } from 'pg-boss';

/** Per-queue overrides; anything left out comes from the JOB_* settings. */
export interface QueueSettings {
  policy?: QueuePolicy;
  retryLimit?: number;
  retryDelaySeconds?: number;
  retryBackoff?: boolean;
  retryDelayMaxSeconds?: number;
  expireInSeconds?: number;
  heartbeatSeconds?: number | null;
  deadLetter?: string;
  deleteAfterSeconds?: number;
  /**
   * The handler is cheap: it returns within milliseconds and waits on no outside service (Discord,
   * HTTP endpoints, GitHub) and no long transaction. Such a queue is worked for throughput: four
   * loops of up to WORKER_CHEAP_BATCH_SIZE jobs per fetch instead of WORKER_CONCURRENCY jobs in two.
   */
  cheap?: boolean;
  /** Jobs fetched per poll by one worker loop (they run at once, and the loop fetches again when all end). */
  batchSize?: number;
  /** Worker loops per process (default 2, or 4 for a cheap queue). */
  concurrency?: number;
  /** Wake workers with LISTEN/NOTIFY as soon as a job is committed (default true). */
  notify?: boolean;
  /**
   * Run this queue's job on a cron schedule (UTC). pg-boss keeps schedules in the database and
   * creates each occurrence once, however many workers run.
   */
  schedule?: { cron: string; data?: object };
}

/**
 * A queue and the type of its job payload. Features export one per queue from a `*.queue.ts`
 * file and register it with `QueueModule.forFeature`, so every role can enqueue to it.
 */
export interface QueueDefinition<TData extends object = object> {
  readonly name: string;
  readonly settings: QueueSettings;
  /** Carries the payload type only; never set. */
  readonly payload?: TData;
}

export function defineQueue<TData extends object>(name: string, settings: QueueSettings = {}): QueueDefinition<TData> {
  return { name, settings };
}

export type JobData<Q> = Q extends QueueDefinition<infer T> ? T : never;
