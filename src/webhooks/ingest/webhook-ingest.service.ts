import type { IncomingMessage } from 'node:http';
import {
  BadRequestException,
  ForbiddenException,
  HttpException,
  Injectable,
  NotFoundException,
  ServiceUnavailableException,
  UnauthorizedException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { AppConfig } from '../../platform/config/app-config';
import { StoredEvent } from '../inbox/inbox-writer';
import { WebhookInbox } from '../inbox/webhook-inbox';
import {
  IncomingDelivery,
  MalformedDeliveryError,
  ParsedEvent,
  UnsupportedContentTypeError,
} from '../providers/webhook-provider';
import { WebhookSource, WebhookSources } from '../sources/webhook-sources';
import { RateLimitedException } from './rate-limited.exception';
import { RateLimiter } from './rate-limiter';
import { readRawBody } from './read-raw-body';

export interface IngestResult {
  duplicate: boolean;
  body: Record<string, unknown>;
}

/**
 * One delivery, in order: source known and enabled, within its rate, content type, body size,
 * signature, parse; then stored durably. Each refusal is an HttpException with the reason.
 */
@Injectable()
export class WebhookIngestService {
  private readonly limiter = new RateLimiter();

  constructor(
    private readonly sources: WebhookSources,
    private readonly inbox: WebhookInbox,
    private readonly config: AppConfig,
    private readonly logger: PinoLogger,
  ) {}

  async receive(slug: string, req: IncomingMessage & { originalUrl?: string }): Promise<IngestResult> {
    const receivedAt = new Date();
    const source = await this.admit(slug, req, receivedAt);
    const body = await readRawBody(req, this.config.webhooks.maxBodyBytes);
    const delivery: IncomingDelivery = {
      method: req.method ?? 'POST',
      url: req.originalUrl ?? req.url ?? '',
      headers: req.headers,
      body,
      receivedAt,
    };
    const verification = await source.provider.verify(delivery, source);
    if (!verification.ok) throw new UnauthorizedException(verification.reason);
    const events = this.parse(source, delivery);

    let stored: StoredEvent[];
    try {
      stored = await this.inbox.accept(source, delivery, verification, events);
    } catch (error) {
      this.logger.error({ err: error, source: slug }, 'Could not store webhook delivery');
      throw new ServiceUnavailableException('The delivery could not be stored and was not accepted; retry later');
    }
    const duplicate = stored.every((s) => s.duplicate);
    const [first] = stored;
    this.logger.info(
      { source: slug, eventType: events[0]?.eventType, eventId: first?.eventId, events: events.length, duplicate },
      events.length === 1 ? events[0]!.description : `${events.length} events`,
    );
    if (stored.length === 1) {
      return {
        duplicate,
        body: { eventId: first!.eventId, jobId: first!.jobId, ...(duplicate ? { duplicate: true } : {}) },
      };
    }
    return { duplicate, body: { events: stored, ...(duplicate ? { duplicate: true } : {}) } };
  }

  /** Everything decided from the URL and headers, before the body is read. */
  private async admit(slug: string, req: IncomingMessage, at: Date): Promise<WebhookSource> {
    const source = await this.sources.find(slug, at).catch((error: unknown) => {
      this.logger.error({ err: error, source: slug }, 'Could not load webhook sources');
      throw new ServiceUnavailableException('Webhook sources cannot be read right now; retry later');
    });
    if (!source) throw new NotFoundException(`No webhook source "${slug}" is configured`);
    if (!source.enabled) throw new ForbiddenException(`Webhook source "${slug}" is disabled`);
    this.checkRate(source);
    try {
      source.provider.assertContentType(req.headers['content-type']);
    } catch (error) {
      throw this.clientError(error);
    }
    return source;
  }

  private checkRate(source: WebhookSource): void {
    const global = this.config.webhooks.globalRateLimitPerSecond;
    if (global > 0) {
      const wait = this.limiter.take('*', global, global);
      if (wait > 0) throw new RateLimitedException(`Over the global limit of ${global} deliveries per second`, wait);
    }
    const perMinute = source.rateLimitPerMinute;
    if (perMinute) {
      const wait = this.limiter.take(source.slug, perMinute / 60, perMinute);
      if (wait > 0)
        throw new RateLimitedException(
          `Source "${source.slug}" is over its limit of ${perMinute} deliveries per minute`,
          wait,
        );
    }
  }

  private parse(source: WebhookSource, delivery: IncomingDelivery): ParsedEvent[] {
    try {
      const events = source.provider.parse(delivery, source);
      if (events.length === 0) throw new MalformedDeliveryError('The delivery holds no events');
      return events;
    } catch (error) {
      throw this.clientError(error);
    }
  }

  private clientError(error: unknown): HttpException {
    if (error instanceof UnsupportedContentTypeError) return new UnsupportedMediaTypeException(error.message);
    if (error instanceof MalformedDeliveryError) return new BadRequestException(error.message);
    throw error;
  }
}
