import { createHash } from 'node:crypto';

const MINUTE_STEPS = [1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30];
const HOUR_STEPS = [1, 2, 3, 4, 6, 8, 12, 24];

/** What `intervalSeconds` may be, as the refusal says it. */
export const INTERVAL_RULE =
  'intervalSeconds must be 5 to 59 seconds, whole minutes dividing an hour (60, 120, … 1800), or whole hours dividing a day (3600, 7200, … 86400)';

export function isValidInterval(seconds: number): boolean {
  if (!Number.isInteger(seconds)) return false;
  if (seconds >= 5 && seconds < 60) return true;
  if (seconds % 3600 === 0) return HOUR_STEPS.includes(seconds / 3600);
  return seconds % 60 === 0 && MINUTE_STEPS.includes(seconds / 60);
}

/** A minute in the hour that stays the same for a source, so hourly sources do not all start at :00. */
const minuteOf = (slug: string) => createHash('sha256').update(slug).digest().readUInt16BE(0) % 60;

/**
 * The pg-boss cron of a source's schedule. pg-boss fires schedules at most once a minute, so a
 * source polled more often ticks every minute and each run queues its follow-up after the interval
 * (see SyncRunner).
 */
export function scheduleCron(slug: string, seconds: number): string {
  if (seconds < 60) return '* * * * *';
  if (seconds < 3600) return seconds === 60 ? '* * * * *' : `*/${seconds / 60} * * * *`;
  const hours = seconds / 3600;
  return `${minuteOf(slug)} ${hours === 1 ? '*' : hours === 24 ? '0' : `*/${hours}`} * * *`;
}

/** Whether runs chain their follow-up themselves (intervals under a minute). */
export const chainsRuns = (seconds: number) => seconds < 60;
