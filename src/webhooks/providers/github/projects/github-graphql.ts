import { oneLine } from '../../event-text';
import { EnrichmentUnavailableError } from '../../event-enricher';

const TIMEOUT_MS = 15_000;

export interface GithubApi {
  token: string;
  /** REST base: `https://api.github.com`, or `https://HOST/api/v3` on GitHub Enterprise Server. */
  apiUrl: string;
}

export interface GraphqlError {
  /** GitHub's error class: NOT_FOUND, FORBIDDEN, RATE_LIMITED, ... (absent on validation errors). */
  type?: string;
  message: string;
  path?: (string | number)[];
}

export interface GraphqlAnswer {
  data: Record<string, unknown> | null;
  errors: GraphqlError[];
}

/** GitHub refused the request for a reason retrying does not fix (401, 403, 404, other 4xx). */
export class GithubRefusedError extends Error {
  override readonly name = 'GithubRefusedError';
}

/** `https://api.github.com/graphql`; on Enterprise Server the REST base ends in /v3, GraphQL does not. */
export const graphqlUrl = (apiUrl: string): string => `${apiUrl.replace(/\/+$/, '').replace(/\/v3$/, '')}/graphql`;

/** GitHub signals primary and secondary rate limits with 403 as well as 429. */
function rateLimited(response: Response, message: string): boolean {
  return (
    response.status === 429 ||
    (response.status === 403 &&
      (response.headers.get('x-ratelimit-remaining') === '0' ||
        response.headers.has('retry-after') ||
        /rate limit/i.test(message)))
  );
}

function messageOf(text: string): string {
  try {
    const body = JSON.parse(text) as { message?: unknown };
    if (typeof body.message === 'string') return oneLine(body.message, 200);
  } catch {
    // not JSON: use the text itself
  }
  return oneLine(text, 200);
}

/**
 * One GraphQL query against GitHub. Throws EnrichmentUnavailableError for what may pass (network,
 * timeout, 5xx, rate limits) and GithubRefusedError for the rest of the non-2xx answers; GraphQL's
 * own errors (HTTP 200) come back in the answer, next to whatever data was resolved.
 */
export async function queryGithub(
  api: GithubApi,
  query: string,
  variables: Record<string, unknown>,
  signal: AbortSignal,
): Promise<GraphqlAnswer> {
  let response: Response;
  let text: string;
  try {
    response = await fetch(graphqlUrl(api.apiUrl), {
      method: 'POST',
      headers: {
        authorization: `bearer ${api.token}`,
        'content-type': 'application/json',
        accept: 'application/json',
        'user-agent': 'Switchyard',
      },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.any([signal, AbortSignal.timeout(TIMEOUT_MS)]),
    });
    text = await response.text();
  } catch (error) {
    if (signal.aborted) throw error;
    const cause = (error as Error & { cause?: Error }).cause?.message;
    throw new EnrichmentUnavailableError(
      `GitHub could not be reached: ${(error as Error).message}${cause ? ` (${cause})` : ''}`,
    );
  }
  const status = `GitHub answered ${response.status}`;
  if (response.status >= 500 || rateLimited(response, text)) {
    throw new EnrichmentUnavailableError(`${status}: ${messageOf(text) || response.statusText}`);
  }
  if (!response.ok) throw new GithubRefusedError(`${status}: ${messageOf(text) || response.statusText}`);
  let body: { data?: unknown; errors?: unknown };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    throw new EnrichmentUnavailableError(`${status} with a body that is not JSON: ${oneLine(text, 100)}`);
  }
  const errors = Array.isArray(body.errors) ? (body.errors as GraphqlError[]) : [];
  if (errors.some((e) => e.type === 'RATE_LIMITED')) throw new EnrichmentUnavailableError(`${status}: rate limited`);
  const data = body.data !== null && typeof body.data === 'object' ? (body.data as Record<string, unknown>) : null;
  return { data, errors };
}
