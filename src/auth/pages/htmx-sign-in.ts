import type { Request } from 'express';
import { safeReturnPath } from '../return-path';

/** A request htmx made from a page (a live refresh, a boosted link or form), not a page load. */
export const isHtmxRequest = (req: Request): boolean => req.get('hx-request') === 'true';

/**
 * The page a person should be back on after signing in, for an htmx request that found no session:
 * the page a boosted link was opening, otherwise the page it was made from (`HX-Current-URL`, when on
 * this server), since the request itself may fetch only part of a page.
 */
export function htmxReturnPath(req: Request, fallback: string): string {
  if (req.get('hx-boosted') === 'true' && req.method === 'GET') return safeReturnPath(req.originalUrl, fallback);
  const current = req.get('hx-current-url');
  if (!current) return fallback;
  try {
    const url = new URL(current);
    return url.host === req.get('host') ? safeReturnPath(`${url.pathname}${url.search}`, fallback) : fallback;
  } catch {
    return fallback;
  }
}
