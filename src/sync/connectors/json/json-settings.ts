import { DOTTED_PATH } from './json-path';

export type JsonPaging =
  | { type: 'none' }
  /** `?<param>=<n>` from `first`; ends on an empty page, a short page (when `size` is set) or at `pagesPath`. */
  | { type: 'page'; param: string; first: number; sizeParam?: string; size?: number; pagesPath?: string }
  /** `?<param>=<value at cursorPath>`; ends when the answer has no cursor. */
  | { type: 'cursor'; param: string; cursorPath: string }
  /** Follows the URL at `nextPath` (same origin as `url` only); ends when there is none. */
  | { type: 'next'; nextPath: string };

export interface JsonSourceSettings {
  url: URL;
  resource: string;
  itemsPath: string;
  idField: string;
  titleField?: string;
  /** The header the sealed credential is sent in (`Authorization`, `X-API-KEY`). */
  authHeader?: string;
  paging: JsonPaging;
  volatileFields: string[];
}

const RESOURCE = /^[a-z][a-z0-9_]{0,39}$/;
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/;
const PARAM = /^[A-Za-z0-9_.[\]-]{1,100}$/;

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

function pathProblem(name: string, value: unknown, required = false): string | undefined {
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string' || !DOTTED_PATH.test(value) || (required && value === '')) {
    return `${name} must be a dotted path such as "data.items"${required ? '' : ' (or left out)'}`;
  }
  return undefined;
}

function pagingProblems(paging: unknown): string[] {
  if (paging === undefined) return [];
  if (!isObject(paging)) return ['paging must be an object with a type: none, page, cursor or next'];
  const problems: (string | undefined)[] = [];
  const param = (name: string) =>
    paging[name] === undefined || (typeof paging[name] === 'string' && PARAM.test(paging[name]))
      ? undefined
      : `paging.${name} must be a query parameter name`;
  switch (paging.type) {
    case 'none':
      break;
    case 'page':
      problems.push(param('param'), param('sizeParam'), pathProblem('paging.pagesPath', paging.pagesPath));
      if (paging.first !== undefined && !(Number.isInteger(paging.first) && (paging.first as number) >= 0)) {
        problems.push('paging.first must be 0 or 1 (the number of the first page)');
      }
      if (paging.size !== undefined && !(Number.isInteger(paging.size) && (paging.size as number) >= 1)) {
        problems.push('paging.size must be a positive whole number');
      }
      break;
    case 'cursor':
      problems.push(param('param'), pathProblem('paging.cursorPath', paging.cursorPath, true));
      break;
    case 'next':
      problems.push(pathProblem('paging.nextPath', paging.nextPath, true));
      break;
    default:
      problems.push('paging.type must be none, page, cursor or next');
  }
  return problems.filter((p): p is string => p !== undefined);
}

/** What is wrong with a generic JSON source's settings, one sentence each. */
export function jsonSettingsProblems(settings: Record<string, unknown>): string[] {
  const problems: (string | undefined)[] = [];
  let url: URL | undefined;
  try {
    url = typeof settings.url === 'string' ? new URL(settings.url) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password) {
    problems.push('url must be an http(s) URL without user:password (put credentials in the credential)');
  }
  if (typeof settings.resource !== 'string' || !RESOURCE.test(settings.resource)) {
    problems.push('resource must be a lower-case name such as "talk" (letters, digits, _; it goes into event types)');
  }
  problems.push(pathProblem('itemsPath', settings.itemsPath));
  problems.push(
    settings.idField === undefined ? undefined : pathProblem('idField', settings.idField, true),
    pathProblem('titleField', settings.titleField),
  );
  if (
    settings.authHeader !== undefined &&
    (typeof settings.authHeader !== 'string' || !HEADER_NAME.test(settings.authHeader))
  ) {
    problems.push('authHeader must be an HTTP header name such as "Authorization"');
  }
  const volatile = settings.volatileFields;
  if (
    volatile !== undefined &&
    !(Array.isArray(volatile) && volatile.every((v) => typeof v === 'string' && v !== '' && DOTTED_PATH.test(v)))
  ) {
    problems.push('volatileFields must be a list of dotted paths such as ["views", "stats.lastSeenAt"]');
  }
  problems.push(...pagingProblems(settings.paging));
  const known = ['url', 'resource', 'itemsPath', 'idField', 'titleField', 'authHeader', 'paging', 'volatileFields'];
  const unknown = Object.keys(settings).filter((key) => !known.includes(key));
  if (unknown.length > 0) problems.push(`unknown settings: ${unknown.join(', ')} (known: ${known.join(', ')})`);
  return problems.filter((p): p is string => p !== undefined);
}

/** The settings with their defaults; only call after jsonSettingsProblems found nothing. */
export function parseJsonSettings(settings: Record<string, unknown>): JsonSourceSettings {
  const paging = (settings.paging ?? { type: 'none' }) as Record<string, unknown>;
  const parsed: JsonPaging =
    paging.type === 'page'
      ? {
          type: 'page',
          param: (paging.param as string | undefined) ?? 'page',
          first: (paging.first as number | undefined) ?? 1,
          sizeParam: paging.sizeParam as string | undefined,
          size: paging.size as number | undefined,
          pagesPath: paging.pagesPath as string | undefined,
        }
      : paging.type === 'cursor'
        ? {
            type: 'cursor',
            param: (paging.param as string | undefined) ?? 'cursor',
            cursorPath: paging.cursorPath as string,
          }
        : paging.type === 'next'
          ? { type: 'next', nextPath: paging.nextPath as string }
          : { type: 'none' };
  return {
    url: new URL(settings.url as string),
    resource: settings.resource as string,
    itemsPath: (settings.itemsPath as string | undefined) ?? '',
    idField: (settings.idField as string | undefined) ?? 'id',
    titleField: settings.titleField as string | undefined,
    authHeader: settings.authHeader as string | undefined,
    paging: parsed,
    volatileFields: (settings.volatileFields as string[] | undefined) ?? [],
  };
}
