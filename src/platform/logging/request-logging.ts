import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { Store, storage } from 'nestjs-pino/storage';
import type { Logger } from 'pino';
import { redactUrl } from './redaction';
import { requestId, requestLogLevel } from './request-id';

/**
 * What pino-http gives the routes Express serves, for a handler served ahead of it: the request
 * id (on the answer, and on every line logged while the handler runs, through nestjs-pino's
 * PinoLogger) and one "request completed" line of the same shape.
 */
export class RequestLogging {
  constructor(
    private readonly root: Logger,
    private readonly clientAddress: (req: IncomingMessage) => string = (req) => req.socket.remoteAddress ?? 'unknown',
  ) {}

  /** Runs `handle` (which answers the request) as one logged request; `handle` gets the request id. */
  run(req: IncomingMessage, res: ServerResponse, handle: (id: string) => Promise<void>): void {
    const started = performance.now();
    const id = requestId(req, res);
    const logger = this.root.child({
      req: { id, method: req.method, url: redactUrl(req.url ?? ''), remoteAddress: this.clientAddress(req) },
    });
    storage.run(new Store(logger), () => {
      handle(id).then(
        () => this.completed(logger, res, started),
        (error: unknown) => {
          logger.error({ err: error }, 'request failed');
          if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
          res.end(JSON.stringify({ statusCode: 500, message: 'Internal server error' }));
        },
      );
    });
  }

  private completed(logger: Logger, res: ServerResponse, started: number): void {
    const level = requestLogLevel(res.statusCode);
    if (!logger.isLevelEnabled(level)) return;
    logger[level](
      { res: { statusCode: res.statusCode }, responseTime: Math.round(performance.now() - started) },
      'request completed',
    );
  }
}
