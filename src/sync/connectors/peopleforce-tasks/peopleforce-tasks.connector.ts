import { DEFAULT_PEOPLEFORCE_URL } from '../../../platform/config/integrations-config';
import { PeopleforcePageError, readPeopleforcePage } from '../../../integrations/peopleforce/peopleforce-page';
import { shownUrl } from '../../http/guarded-get';
import { SyncFetchError } from '../../http/sync-fetch-error';
import type { ConnectorContext, ListedPage, PageCursor, SyncConnector } from '../sync-connector';

export interface PeopleforceTasksSettings {
  /** PeopleForce's public API base, `https://app.peopleforce.io/api/public/v3` unless set. */
  baseUrl: URL;
}

const KNOWN = new Set(['baseUrl']);

function settingsProblems(settings: Record<string, unknown>): string[] {
  const problems = Object.keys(settings)
    .filter((key) => !KNOWN.has(key))
    .map((key) => `peopleforce-tasks has no setting "${key}"; its settings: baseUrl`);
  const { baseUrl } = settings;
  if (baseUrl !== undefined) {
    let url: URL | undefined;
    try {
      url = typeof baseUrl === 'string' ? new URL(baseUrl) : undefined;
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
      problems.push('baseUrl must be an http(s) URL such as https://app.peopleforce.io/api/public/v3');
    }
  }
  return problems;
}

const tasksUrl = (settings: PeopleforceTasksSettings, page: number): URL => {
  const url = new URL(`${settings.baseUrl.toString().replace(/\/+$/, '')}/tasks`);
  url.searchParams.set('page', String(page));
  return url;
};

/**
 * PeopleForce tasks, all of them (open and completed: a task completed is a change, not a
 * deletion), paged by `page` until `metadata.pagination.pages`. The source's secret is the API key
 * (`X-API-KEY`).
 */
export const peopleforceTasksConnector: SyncConnector<PeopleforceTasksSettings> = {
  id: 'peopleforce-tasks',
  description: 'PeopleForce tasks (the API key as the secret), all pages',
  validateSettings: settingsProblems,
  parseSettings: (settings) => ({
    baseUrl: new URL((settings.baseUrl as string | undefined) ?? DEFAULT_PEOPLEFORCE_URL),
  }),
  resource: () => 'task',
  volatileFields: () => [],
  urls: (settings) => [tasksUrl(settings, 1)],

  async listPage(context: ConnectorContext<PeopleforceTasksSettings>, cursor: PageCursor | null): Promise<ListedPage> {
    if (context.credential === undefined) {
      throw new SyncFetchError('PeopleForce needs its API key as the source secret', { credentials: true });
    }
    const asked = typeof cursor?.page === 'number' ? cursor.page : 1;
    const url = tasksUrl(context.settings, asked);
    const { body } = await context.getJson(url, { 'x-api-key': context.credential });
    let page;
    try {
      page = readPeopleforcePage<Record<string, unknown>>(body, asked);
    } catch (error) {
      if (error instanceof PeopleforcePageError) throw new SyncFetchError(`${shownUrl(url)}: ${error.message}`);
      throw error;
    }
    return {
      resources: page.data.map((task) => ({
        id: task.id,
        payload: task,
        title: typeof task.title === 'string' ? task.title : undefined,
      })),
      next: page.page < page.pages ? { page: page.page + 1 } : undefined,
    };
  },
};
