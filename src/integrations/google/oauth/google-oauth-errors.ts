import { PermanentJobError } from '../../../platform/queue/queue-job';

/**
 * Google (or the network) failed an OAuth request for a reason that may pass: unreachable, a
 * timeout, 5xx, 429. Never carries a token: only the step, the status and Google's error code.
 */
export class GoogleOAuthUnavailableError extends Error {
  override readonly name = 'GoogleOAuthUnavailableError';
}

/** Google refused an OAuth request (4xx): `error` is its OAuth error code (`invalid_grant`). */
export class GoogleOAuthRefusedError extends Error {
  override readonly name = 'GoogleOAuthRefusedError';

  constructor(
    message: string,
    readonly status: number,
    readonly error: string | undefined,
  ) {
    super(message);
  }
}

/**
 * The account cannot give access tokens until an admin acts: unknown, revoked, or Google refused
 * its refresh token (it then needs connecting again). Retrying does not help, so jobs stop on it.
 */
export class GoogleAccountUnusableError extends PermanentJobError {
  constructor(
    message: string,
    readonly accountId: string,
    readonly reason: 'unknown' | 'revoked' | 'needs_reconnect',
  ) {
    super(message);
  }
}
