import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  BadRequestException,
  HttpException,
  HttpStatus,
  Injectable,
  InternalServerErrorException,
  RequestTimeoutException,
  ServiceUnavailableException,
} from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { performance } from 'node:perf_hooks';
import { AppConfig } from '../../platform/config/app-config';
import { SignatureFailures } from '../../alerts/signature-failures';
import { Metrics } from '../../platform/metrics/metrics';
import { isDatabaseUnavailable } from '../../platform/database/database-unavailable';
import { RequestLogging } from '../../platform/logging/request-logging';
import { ingestSlug } from './ingest-route';
import { RateLimitedException } from './rate-limited.exception';
import { IngestRejections, rejectionReason, UNKNOWN_SOURCE } from './rejections';
import { WebhookSources } from '../sources/webhook-sources';
import { IngestResult, WebhookIngestService } from './webhook-ingest.service';

/** Counted as the source of a URL whose source does not decode. */
const UNREADABLE_SLUG = '(unreadable)';

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
    private readonly config: AppConfig,
    private readonly logger: PinoLogger,
    private readonly metrics: Metrics,
    private readonly sources: WebhookSources,
    private readonly signatureFailures: SignatureFailures,
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
    const started = performance.now();
    res.once('finish', () =>
      this.metrics.httpRequests.inc({ method: 'POST', route: '/webhooks/:source', status: String(res.statusCode) }),
    );
    try {
      if (slug === null) throw new BadRequestException('The source in the URL is not valid percent-encoding');
      const result = await this.withDeadline(this.ingest.receive(slug, req), req);
      answer(res, result.duplicate ? HttpStatus.OK : HttpStatus.ACCEPTED, result.body);
      const outcome = result.duplicate ? 'duplicate' : 'stored';
      this.metrics.delivery(slug, result.duplicate ? 'duplicate' : 'accepted', outcome, seconds(started));
    } catch (thrown) {
      const error = thrown instanceof HttpException ? thrown : this.unexpected(thrown, requestId);
      discardRest(req, this.config.webhooks.maxBodyBytes);
      this.rejections.record(slug ?? UNREADABLE_SLUG, error, requestId);
      const headers: Record<string, string> =
        error instanceof RateLimitedException ? { 'retry-after': String(error.retryAfterSeconds) } : {};
      // A body still trickling in after the deadline: close the connection, which also stops reading it.
      if (error instanceof RequestTimeoutException) headers.connection = 'close';
      answer(res, error.getStatus(), errorBody(error), headers);
      // Only configured sources are labels: anyone can make up slugs.
      const source = slug !== null && this.sources.known(slug) ? slug : UNKNOWN_SOURCE;
      const reason = rejectionReason(error) ?? 'other';
      this.metrics.delivery(source, reason, 'refused', seconds(started));
      if (reason === 'bad_signature' && source !== UNKNOWN_SOURCE) this.signatureFailures.record(source);
    }
  }

  /**
   * The delivery's answer, or a refusal once `WEBHOOK_ANSWER_TIMEOUT_SECONDS` have passed: 408
   * while the body is still arriving, 503 once it is being stored (a database that blocks must not
   * hold the sender's connection for ever; the store may still finish, and the sender's retry is
   * then answered as a duplicate).
   */
  private withDeadline(work: Promise<IngestResult>, req: IncomingMessage): Promise<IngestResult> {
    const seconds = this.config.webhooks.answerTimeoutSeconds;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(
          req.readableEnded
            ? new ServiceUnavailableException(
                `The delivery was not stored within ${seconds} s and was not accepted; retry later`,
              )
            : new RequestTimeoutException(`The body did not arrive within ${seconds} s`),
        );
      }, seconds * 1000);
    });
    // A late failure after the deadline answered is already logged where it happened.
    work.catch(() => undefined);
    return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
  }

  /** Anything not an HttpException: 503 when the database is unavailable, else our bug, with a reference. */
  private unexpected(error: unknown, requestId: string): HttpException {
    if (isDatabaseUnavailable(error)) {
      this.logger.warn({ err: error }, 'Database unavailable during a delivery');
      return new ServiceUnavailableException('The database is unavailable; the delivery was not accepted, retry later');
    }
    this.logger.error({ err: error, reference: requestId }, 'Delivery failed on an unexpected error');
    return new InternalServerErrorException({
      statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
      error: 'Internal Server Error',
      message: `Internal server error; reference ${requestId}`,
      reference: requestId,
    });
  }
}

/**
 * Reads and drops what is left of a refused request's body, so the connection can serve the next
 * request, but no more than the body limit: past it the connection is closed instead.
 */
const seconds = (since: number): number => (performance.now() - since) / 1000;

function discardRest(req: IncomingMessage, limit: number): void {
  if (req.readableEnded || req.destroyed) return;
  let seen = 0;
  req.on('data', (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > limit) req.socket.destroy();
  });
  req.resume();
}

function answer(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const json = JSON.stringify(body);
  res.writeHead(status, { ...ANSWER_HEADERS, 'content-length': Buffer.byteLength(json), ...headers });
  res.end(json);
}

/** The body Nest's exception filter would send. */
function errorBody(error: HttpException): object {
  const response = error.getResponse();
  return typeof response === 'string' ? { statusCode: error.getStatus(), message: response } : response;
}
