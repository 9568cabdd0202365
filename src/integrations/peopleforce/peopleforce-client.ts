import { ServiceClient } from '../http/service-client';
import { ServiceRefusedError } from '../http/service-errors';
import { PeopleforcePage, readPeopleforcePage } from './peopleforce-page';

export interface PeopleforceSettings {
  /** `https://app.peopleforce.io/api/public/v3` (or a test fake). */
  baseUrl: string;
  apiKey: string;
}

/** A PeopleForce task as the API lists it; fields beyond the id are kept as they come. */
export interface PeopleforceTask extends Record<string, unknown> {
  id: number | string;
}

/** PeopleForce's error bodies: `{"message": ...}` or `{"error": ...}` / `{"errors": [...]}`. */
function peopleforceReason(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const { message, error, errors } = body as Record<string, unknown>;
  if (typeof message === 'string') return message;
  if (typeof error === 'string') return error;
  if (Array.isArray(errors)) return errors.map(String).join('; ');
  return undefined;
}

/** Pages one listing reads at most: a `pages` that never ends cannot hold a job. */
const MAX_PAGES = 1_000;

/** PeopleForce's public API v3 (`X-API-KEY`): tasks, paged by page number. */
export class PeopleforceClient {
  private readonly http: ServiceClient;

  constructor(settings: PeopleforceSettings, options: { maxWaitSeconds?: number } = {}) {
    this.http = new ServiceClient({
      service: 'PeopleForce',
      baseUrl: settings.baseUrl,
      headers: { 'x-api-key': settings.apiKey },
      reasonOf: peopleforceReason,
      ...options,
    });
  }

  /**
   * `GET /tasks?page=n` page by page (1-based) until `metadata.pagination.pages`; throws on an
   * answer without a data list or pagination, or pages that do not advance.
   */
  async *tasks(
    filter: { completed?: boolean } = {},
    signal?: AbortSignal,
  ): AsyncGenerator<PeopleforcePage<PeopleforceTask>> {
    for (let page = 1; page <= MAX_PAGES; page++) {
      const { body } = await this.http.request('GET', '/tasks', {
        query: { page, ...(filter.completed === undefined ? {} : { completed: filter.completed }) },
        signal,
      });
      const result = readPeopleforcePage<PeopleforceTask>(body, page);
      yield result;
      if (result.page >= result.pages) return;
    }
    throw new Error(`PeopleForce listed more than ${MAX_PAGES} pages of tasks`);
  }

  /** `PUT /tasks/{id}/complete`; false when PeopleForce does not have the task (404). */
  async completeTask(id: string, signal?: AbortSignal): Promise<boolean> {
    try {
      await this.http.request('PUT', `/tasks/${encodeURIComponent(id)}/complete`, { signal });
      return true;
    } catch (error) {
      if (error instanceof ServiceRefusedError && error.status === 404) return false;
      throw error;
    }
  }
}
