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
import { isDataException } from '../../platform/database/database-unavailable';
import { addressKey, clientAddressReader } from '../../platform/http/client-address';
import { StoredEvent } from '../inbox/inbox-writer';
import { WebhookInbox } from '../inbox/webhook-inbox';
import {
  IncomingDelivery,
  MalformedDeliveryError,
  ParsedEvent,
  UnsupportedContentTypeError,
  Verification,
} from '../providers/webhook-provider';
import { WebhookSource, WebhookSources } from '../sources/webhook-sources';
import { RateLimitedException } from './rate-limited.exception';
import { IngestLimits } from './ingest-limits';
import { readRawBody } from './read-raw-body';
import { assertStorable } from './storable';

export interface IngestResult {
  duplicate: boolean;
  body: Record<string, unknown>;
}

/** Where refusals for slugs that name no source are counted per address: made-up slugs share one allowance. */
const UNKNOWN_BUCKET = '(unknown)';

/**
 * One delivery, in order: the client not blocked for too many refusals; source known and enabled;
 * content type, body size, signature (each refusal so far counted against the client's address);
 * then, verified, within the global and the source's rate; parse; storable; stored durably. Each
 * refusal is an HttpException with the reason.
 */
@Injectable()
export class WebhookIngestService {
  private readonly clientAddress: (req: IncomingMessage) => string;

  constructor(
    private readonly sources: WebhookSources,
    private readonly inbox: WebhookInbox,
    private readonly limits: IngestLimits,
    private readonly config: AppConfig,
    private readonly logger: PinoLogger,
  ) {
    this.clientAddress = clientAddressReader(config.http.trustProxy);
  }

  async receive(slug: string, req: IncomingMessage & { originalUrl?: string }): Promise<IngestResult> {
    const receivedAt = new Date();
    const client = addressKey(this.clientAddress(req));
    const source = await this.sources.find(slug, receivedAt).catch((error: unknown) => {
      this.logger.error({ err: error, source: slug }, 'Could not load webhook sources');
      throw new ServiceUnavailableException('Webhook sources cannot be read right now; retry later');
    });
    const bucket = source?.slug ?? UNKNOWN_BUCKET;
    const blocked = this.limits.refusalBlock(client, bucket);
    if (blocked > 0) {
      throw new RateLimitedException(
        `Too many refused deliveries from ${client}${source ? ` to source "${slug}"` : ' to unknown sources'}; retry later`,
        blocked,
        !source,
      );
    }

    let admitted: WebhookSource;
    let delivery: IncomingDelivery;
    let verification: Extract<Verification, { ok: true }>;
    try {
      admitted = this.admit(slug, source, req);
      const body = await readRawBody(req, this.config.webhooks.maxBodyBytes);
      delivery = {
        method: req.method ?? 'POST',
        url: req.originalUrl ?? req.url ?? '',
        headers: req.headers,
        body,
        receivedAt,
      };
      const verified = await admitted.provider.verify(delivery, admitted);
      if (!verified.ok) throw new UnauthorizedException(verified.reason);
      verification = verified;
    } catch (error) {
      if (error instanceof HttpException) await this.limits.countRefusal(client, bucket);
      throw error;
    }

    await this.checkRate(admitted);
    const events = this.parse(admitted, delivery);
    assertStorable(events);

    let stored: StoredEvent[];
    try {
      stored = await this.inbox.accept(admitted, delivery, verification, events);
    } catch (error) {
      if (isDataException(error)) {
        this.logger.warn({ err: error, source: slug }, 'PostgreSQL refused a value of a delivery');
        throw new BadRequestException(`The delivery cannot be stored: ${(error as Error).message}`);
      }
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
  private admit(slug: string, source: WebhookSource | undefined, req: IncomingMessage): WebhookSource {
    if (!source) throw new NotFoundException(`No webhook source "${slug}" is configured`);
    if (!source.enabled) throw new ForbiddenException(`Webhook source "${slug}" is disabled`);
    try {
      source.provider.assertContentType(req.headers['content-type']);
    } catch (error) {
      throw this.clientError(error);
    }
    return source;
  }

  private async checkRate(source: WebhookSource): Promise<void> {
    const global = this.limits.takeGlobal();
    if (global > 0) {
      const perSecond = this.config.webhooks.globalRateLimitPerSecond;
      throw new RateLimitedException(`Over the global limit of ${perSecond} deliveries per second`, global);
    }
    const perMinute = source.rateLimitPerMinute;
    const wait = await this.limits.takeSource(source.slug, perMinute);
    if (wait > 0) {
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
