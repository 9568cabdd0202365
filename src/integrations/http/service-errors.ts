/**
 * The service refused the request for a reason retrying does not fix (4xx other than 408/429):
 * `status` and the service's own reason, as it worded it.
 */
export class ServiceRefusedError extends Error {
  override readonly name = 'ServiceRefusedError';

  constructor(
    readonly service: string,
    readonly status: number,
    readonly reason: string,
  ) {
    super(`${service} answered ${status}: ${reason}`);
  }
}

/**
 * The service could not answer now (network, timeout, 5xx, 408, 429) and the client's own retries
 * are used up; `retryAt` is when the service asked to be called again (its Retry-After), if it said.
 */
export class ServiceUnavailableError extends Error {
  override readonly name = 'ServiceUnavailableError';

  constructor(
    readonly service: string,
    reason: string,
    readonly retryAt?: Date,
  ) {
    super(`${service} is unavailable: ${reason}`);
  }
}
