import { PermanentJobError, RetryLaterError } from '../../platform/queue/queue-job';
import { ServiceRefusedError, ServiceUnavailableError } from './service-errors';

/**
 * A client's error as a job's: a refusal (4xx) is permanent, with the service's reason; an outage
 * retries, at the service's Retry-After when it gave one. `doing` says what was attempted.
 */
export function asJobError(error: unknown, doing: string): Error {
  if (error instanceof ServiceRefusedError) {
    return new PermanentJobError(`${error.service} refused to ${doing} (${error.status}): ${error.reason}`);
  }
  if (error instanceof ServiceUnavailableError) {
    const message = `Could not ${doing}: ${error.message}`;
    return error.retryAt
      ? new RetryLaterError(`${message} (retrying at ${error.retryAt.toISOString()})`, error.retryAt)
      : new Error(message);
  }
  return error as Error;
}
