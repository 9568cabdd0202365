/** EspoCRM refused a request (4xx): the status and EspoCRM's reason (`X-Status-Reason`). */
export class EspoRequestError extends Error {
  override readonly name = 'EspoRequestError';

  constructor(
    readonly status: number,
    readonly reason: string | undefined,
    what: string,
  ) {
    super(`EspoCRM refused ${what}: ${status}${reason ? ` ${reason}` : ''}${hint(status)}`);
  }
}

/** EspoCRM could not be reached or kept failing (network, timeouts, 429, 5xx) after every retry. */
export class EspoUnavailableError extends Error {
  override readonly name: string = 'EspoUnavailableError';
}

/** EspoCRM's answer (an attachment's bytes, a page) is larger than the reader's limit. */
export class EspoTooLargeError extends EspoUnavailableError {
  override readonly name = 'EspoTooLargeError';
}

function hint(status: number): string {
  if (status === 401) return " (check ESPO_API_KEY: the API user's key)";
  if (status === 403) return " (the API user's role lacks access)";
  return '';
}
