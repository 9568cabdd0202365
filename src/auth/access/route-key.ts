import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import type { RouteKey } from './route-rule';

/** Nest keeps a path as a string, or an array of them; none means the root. */
const asList = (value: string | string[] | undefined): string[] =>
  value === undefined ? [''] : Array.isArray(value) ? value : [value];

/** `/webhooks/sources/` + `:slug` → `/webhooks/sources/:slug`, the way Express matches it. */
export function joinRoutePath(...parts: string[]): string {
  const path = `/${parts.join('/')}`.replace(/\/{2,}/g, '/');
  return path.length > 1 ? path.replace(/\/$/, '') : path;
}

/** The table keys of a controller method (several when it declares several paths); none if not a route. */
export function routeKeysOf(controller: object, handler: (...args: unknown[]) => unknown): RouteKey[] {
  const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
  if (method === undefined) return [];
  const verb = RequestMethod[method];
  return asList(Reflect.getMetadata(PATH_METADATA, controller) as string | string[] | undefined).flatMap((base) =>
    asList(Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined).map(
      (path) => `${verb} ${joinRoutePath(base, path)}` as RouteKey,
    ),
  );
}
