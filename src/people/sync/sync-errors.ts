/** EspoCRM is not configured (ESPO_BASE_URL, ESPO_API_KEY). */
export class CrmNotConfiguredError extends Error {
  override readonly name = 'CrmNotConfiguredError';

  constructor() {
    super('EspoCRM is not configured: set ESPO_BASE_URL and ESPO_API_KEY');
  }
}

/** Another full sync holds the lock (a job on another worker, or the CLI). */
export class SyncBusyError extends Error {
  override readonly name = 'SyncBusyError';

  constructor() {
    super('Another full people sync is running');
  }
}
