import type { NextFunction, Request, Response } from 'express';
import type { Metrics } from './metrics';

/** Requests that matched no route (a 404, or refused before routing) share this label. */
export const UNMATCHED_ROUTE = '(unmatched)';

/**
 * Express middleware counting every answered request by method, the route pattern Express
 * matched (`/jobs/:id`, never the URL) and status. Nest's catch-all middleware route (`/{*path}`)
 * is what a request that matched no controller route last went through: it counts as unmatched.
 */
export function httpMetrics(metrics: Metrics) {
  return (req: Request, res: Response, next: NextFunction): void => {
    res.once('finish', () => {
      const path = (req.route as { path?: unknown } | undefined)?.path;
      metrics.httpRequests.inc({
        method: req.method,
        route: typeof path === 'string' && !path.includes('{*') ? path : UNMATCHED_ROUTE,
        status: String(res.statusCode),
      });
    });
    next();
  };
}
