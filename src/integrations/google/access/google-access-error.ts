/**
 * Google would not give an access token. `credentials`: the credential itself was refused (a bad
 * key, no domain-wide delegation for the scope, a revoked account); retrying will not fix it.
 * `retryAt`: Google asked to be called again then (429/503 with Retry-After).
 */
export class GoogleAccessError extends Error {
  override readonly name = 'GoogleAccessError';

  constructor(
    message: string,
    readonly details: { status?: number; credentials?: boolean; retryAt?: Date } = {},
  ) {
    super(message);
  }
}
