import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Metrics } from './metrics';

/**
 * `GET /metrics` on the health port of processes without the api role (worker, bot): open, like
 * `/health` and `/ready` there, since that port is for the private network Prometheus scrapes on.
 * The api's own `/metrics` is a guarded route (MetricsController, scope `metrics:read`).
 */
export function serveMetrics(metrics: Metrics) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') return false;
    metrics.scrape().then(
      ({ contentType, body }) => {
        res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' });
        res.end(body);
        metrics.httpRequests.inc({ method: 'GET', route: '/metrics', status: '200' });
      },
      (error: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(`metrics unavailable: ${String(error)}`);
      },
    );
    return true;
  };
}
