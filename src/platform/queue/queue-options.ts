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

/**
 * How one process works a queue: two fetch loops, each taking up to half of WORKER_CONCURRENCY
 * jobs per fetch and fetching again at once while batches come back full. Two loops keep one
 * slow job from stalling the queue; batches keep throughput from being one job per round trip.
 */
export function workOptions(queue: QueueDefinition, jobs: JobSettings): WorkOptions {
  const loops = queue.settings.concurrency ?? Math.min(2, jobs.workerConcurrency);
  const batchSize = queue.settings.batchSize ?? Math.max(1, Math.ceil(jobs.workerConcurrency / loops));
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
