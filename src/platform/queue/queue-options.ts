import type { Queue, WorkOptions } from 'pg-boss';
import type { JobSettings } from '../config/app-config';
import type { QueueDefinition } from './queue-definition';

const SEVEN_DAYS = 7 * 24 * 3600;

/** The pg-boss queue options of a definition, with the JOB_* settings as defaults. */
export function pgBossQueueOptions(queue: QueueDefinition, jobs: JobSettings): Omit<Queue, 'name'> {
  const s = queue.settings;
  const options: Omit<Queue, 'name'> = {
    policy: s.policy ?? 'standard',
    retryLimit: s.retryLimit ?? Math.max(0, jobs.maxAttempts - 1),
    retryDelay: s.retryDelaySeconds ?? jobs.retryBaseSeconds,
    retryBackoff: s.retryBackoff ?? true,
    retryDelayMax: s.retryDelayMaxSeconds ?? jobs.retryMaxSeconds,
    expireInSeconds: s.expireInSeconds ?? jobs.timeoutSeconds,
    heartbeatSeconds: s.heartbeatSeconds === null ? undefined : (s.heartbeatSeconds ?? jobs.heartbeatSeconds),
    deadLetter: s.deadLetter,
    deleteAfterSeconds: s.deleteAfterSeconds ?? SEVEN_DAYS,
    notify: s.notify ?? true,
  };
  // pg-boss rejects keys that are present but undefined.
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Omit<Queue, 'name'>;
}

/** Loops per process on a cheap queue: while one loop settles its batch, the others fetch theirs. */
const CHEAP_QUEUE_LOOPS = 4;

/**
 * How one process works a queue: a few fetch loops, each taking a batch per fetch, running the
 * batch's jobs at once and fetching again at once while batches come back full. By default two
 * loops of half of WORKER_CONCURRENCY: handlers that wait on Discord, HTTP or GitHub keep few jobs
 * in flight, and a slow job holds only its own small batch. A `cheap` queue takes
 * WORKER_CHEAP_BATCH_SIZE jobs per fetch in four loops: the fetch and the settle statement are
 * the cost of a cheap job, so the more jobs share them the more jobs per second.
 */
export function workOptions(queue: QueueDefinition, jobs: JobSettings): WorkOptions & { batchSize: number } {
  const { cheap, concurrency, batchSize: batch } = queue.settings;
  const loops = concurrency ?? (cheap ? CHEAP_QUEUE_LOOPS : Math.min(2, jobs.workerConcurrency));
  const batchSize = batch ?? (cheap ? jobs.cheapBatchSize : Math.max(1, Math.ceil(jobs.workerConcurrency / loops)));
  return {
    localConcurrency: loops,
    batchSize,
    burstWhenBatchFull: batchSize > 1,
    // NOTIFY wakes workers for new jobs only; retries and delayed jobs become due silently, so
    // polling stays short (pg-boss would otherwise back off to 30 s while NOTIFY is active).
    pollingIntervalSeconds: 1,
    notifyPollingIntervalSeconds: 1,
  };
}
