import { shownUrl } from '../../http/guarded-get';
import { SyncFetchError } from '../../http/sync-fetch-error';
import type { ConnectorContext, ListedPage, PageCursor, SyncConnector } from '../sync-connector';
import { valueAt } from './json-path';
import { JsonSourceSettings, jsonSettingsProblems, parseJsonSettings } from './json-settings';

const pageUrl = (settings: JsonSourceSettings, cursor: PageCursor | null): URL => {
  const paging = settings.paging;
  if (paging.type === 'next' && typeof cursor?.url === 'string') return new URL(cursor.url);
  const url = new URL(settings.url);
  if (paging.type === 'page') {
    url.searchParams.set(paging.param, String(typeof cursor?.page === 'number' ? cursor.page : paging.first));
    if (paging.sizeParam && paging.size) url.searchParams.set(paging.sizeParam, String(paging.size));
  }
  if (paging.type === 'cursor' && typeof cursor?.cursor === 'string') url.searchParams.set(paging.param, cursor.cursor);
  return url;
};

/** The next page's cursor, or undefined on the last page. */
function nextCursor(
  settings: JsonSourceSettings,
  cursor: PageCursor | null,
  url: URL,
  body: unknown,
  count: number,
): PageCursor | undefined {
  const paging = settings.paging;
  switch (paging.type) {
    case 'none':
      return undefined;
    case 'page': {
      const page = typeof cursor?.page === 'number' ? cursor.page : paging.first;
      if (count === 0 || (paging.size !== undefined && count < paging.size)) return undefined;
      if (paging.pagesPath !== undefined) {
        const pages = valueAt(body, paging.pagesPath);
        if (typeof pages === 'number' && page - paging.first + 1 >= pages) return undefined;
      }
      return { page: page + 1 };
    }
    case 'cursor': {
      const value = valueAt(body, paging.cursorPath);
      if (value === undefined || value === null || value === '' || value === false) return undefined;
      if (typeof value !== 'string' && typeof value !== 'number') {
        throw new SyncFetchError(`${shownUrl(url)}: the cursor at ${paging.cursorPath} is not a string or number`);
      }
      return { cursor: String(value) };
    }
    case 'next': {
      const value = valueAt(body, paging.nextPath);
      if (value === undefined || value === null || value === '') return undefined;
      if (typeof value !== 'string') {
        throw new SyncFetchError(`${shownUrl(url)}: the next link at ${paging.nextPath} is not a URL`);
      }
      let next: URL;
      try {
        next = new URL(value, url);
      } catch {
        throw new SyncFetchError(`${shownUrl(url)}: the next link at ${paging.nextPath} is not a URL`);
      }
      // The credential goes with every page: never to another origin than the one configured.
      if (next.origin !== settings.url.origin) {
        throw new SyncFetchError(`${shownUrl(url)}: the next link leads to ${next.origin}, not ${settings.url.origin}`);
      }
      return { url: next.toString() };
    }
  }
}

/**
 * The generic JSON poller: any read-only API that lists JSON objects, configured without code
 * (where the list is, which field is the id, how to page, which fields to ignore).
 */
export const jsonConnector: SyncConnector<JsonSourceSettings> = {
  id: 'json',
  description: 'any JSON API that lists objects: URL, item path, id field, paging by page number, cursor or next link',
  validateSettings: jsonSettingsProblems,
  parseSettings: parseJsonSettings,
  resource: (settings) => settings.resource,
  volatileFields: (settings) => settings.volatileFields,
  urls: (settings) => [settings.url],

  async listPage(context: ConnectorContext<JsonSourceSettings>, cursor: PageCursor | null): Promise<ListedPage> {
    const { settings } = context;
    const url = pageUrl(settings, cursor);
    const headers: Record<string, string> =
      settings.authHeader && context.credential !== undefined ? { [settings.authHeader]: context.credential } : {};
    const { body } = await context.getJson(url, headers);
    const items = valueAt(body, settings.itemsPath);
    if (!Array.isArray(items)) {
      const where = settings.itemsPath === '' ? 'the answer' : `${settings.itemsPath} in the answer`;
      throw new SyncFetchError(`${shownUrl(url)}: ${where} is not a list`);
    }
    return {
      resources: items.map((item: unknown) => {
        const title = settings.titleField ? valueAt(item, settings.titleField) : undefined;
        return {
          id: valueAt(item, settings.idField),
          payload: item,
          title: typeof title === 'string' || typeof title === 'number' ? String(title) : undefined,
        };
      }),
      next: nextCursor(settings, cursor, url, body, items.length),
    };
  },
};
