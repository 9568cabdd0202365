/**
 * Why a page could not be read. `retryAt`: the API said when to come back (429 or 503 with
 * Retry-After). `credentials`: it refused the credentials (401/403), which retrying will not fix
 * until someone changes them.
 */
export class SyncFetchError extends Error {
  override readonly name = 'SyncFetchError';

  constructor(
    message: string,
    readonly details: { status?: number; retryAt?: Date; credentials?: boolean } = {},
  ) {
    super(message);
  }
}
