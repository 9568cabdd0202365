/** A run stopped by what the API answered (no id, too large, a repeating page): the reason is shown on the run. */
export class SyncRunError extends Error {
  override readonly name = 'SyncRunError';

  constructor(
    message: string,
    /** Resources refused, for the run's `failed` count. */
    readonly failedResources = 0,
  ) {
    super(message);
  }
}
