import type { IncomingMessage, ServerResponse } from 'node:http';
import { BadRequestException, HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { RequestLogging } from '../../platform/logging/request-logging';
import { ingestSlug } from './ingest-route';
import { RateLimitedException } from './rate-limited.exception';
import { IngestRejections } from './rejections';
import { WebhookIngestService } from './webhook-ingest.service';

/** Headers of every answer; the JSON is for the provider's delivery log, never for a browser. */
const ANSWER_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

/**
 * `POST /webhooks/<source>` and `/webhooks/<source>/<topic>`, served by Node's HTTP server ahead of
 * Express and Nest (see `serveAhead`). Deliveries are the one route called at volume, and
 * `bench:ingest` measured Nest's per-request plumbing (helmet, cookies, the router's walk past
 * every route, guard, interceptor, pipes, ETag) at more than the delivery's own work. Nothing in
 * that pipeline applies here: the provider's signature is the authentication, the body is read
 * raw, and the answer is JSON for a machine. What it did give is kept: request ids and the request
 * line (`RequestLogging`), and Nest's error body (`statusCode`, `message`, `error`).
 *
 * 202 for new events, 200 with `duplicate: true` for a delivery already stored; nothing is
 * acknowledged before it is committed. Refusals are counted by reason.
 */
@Injectable()
export class IngestEndpoint {
  constructor(
    private readonly ingest: WebhookIngestService,
    private readonly rejections: IngestRejections,
    private readonly logging: RequestLogging,
  ) {}

  /** Answers the request and returns true when it is a delivery; otherwise leaves it alone. */
  serve(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.method !== 'POST') return false;
    const slug = ingestSlug(req.url ?? '');
    if (slug === undefined) return false;
    this.logging.run(req, res, (requestId) => this.receive(slug, req, res, requestId));
    return true;
  }

  private async receive(slug: string | null, req: IncomingMessage, res: ServerResponse, requestId: string) {
    try {
      if (slug === null) throw new BadRequestException('The source in the URL is not valid percent-encoding');
      const result = await this.ingest.receive(slug, req);
      answer(res, result.duplicate ? HttpStatus.OK : HttpStatus.ACCEPTED, result.body);
    } catch (error) {
      if (!(error instanceof HttpException)) throw error;
      if (!req.readableEnded) req.resume();
      if (slug !== null) this.rejections.record(slug, error, requestId);
      const retryAfter: Record<string, string> =
        error instanceof RateLimitedException ? { 'retry-after': String(error.retryAfterSeconds) } : {};
      answer(res, error.getStatus(), errorBody(error), retryAfter);
    }
  }
}

function answer(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const json = JSON.stringify(body);
  res.writeHead(status, { ...ANSWER_HEADERS, 'content-length': Buffer.byteLength(json), ...headers });
  res.end(json);
}

/** The body Nest's exception filter would send. */
function errorBody(error: HttpException): object {
  const response = error.getResponse();
  return typeof response === 'string' ? { statusCode: error.getStatus(), message: response } : response;
}
