import {
  BadRequestException,
  Controller,
  HttpCode,
  HttpException,
  HttpStatus,
  NotFoundException,
  Param,
  Post,
  Req,
  Res,
  ServiceUnavailableException,
  UnauthorizedException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { PinoLogger } from 'nestjs-pino';
import { AppConfig } from '../../platform/config/app-config';
import { WebhookInbox } from '../inbox/webhook-inbox';
import {
  IncomingDelivery,
  MalformedDeliveryError,
  ParsedEvent,
  UnsupportedContentTypeError,
} from '../providers/webhook-provider';
import { WebhookSources } from '../sources/webhook-sources';
import { readRawBody } from './read-raw-body';

/**
 * `POST /webhooks/:source`: verify, store, enqueue, then answer. 202 for a new event, 200 with
 * `duplicate: true` for a delivery id already stored; nothing is acknowledged before it is committed.
 */
@Controller('webhooks')
export class WebhookIngestController {
  constructor(
    private readonly sources: WebhookSources,
    private readonly inbox: WebhookInbox,
    private readonly config: AppConfig,
    private readonly logger: PinoLogger,
  ) {}

  @Post(':source')
  @HttpCode(HttpStatus.ACCEPTED)
  async ingest(@Param('source') slug: string, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const receivedAt = new Date();
    const source = this.sources.find(slug);
    if (!source) {
      req.resume();
      throw new NotFoundException(`No webhook source "${slug}" is configured`);
    }
    try {
      source.provider.assertContentType(req.headers['content-type']);
    } catch (error) {
      req.resume();
      throw this.clientError(error);
    }
    const body = await readRawBody(req, this.config.webhooks.maxBodyBytes);
    const delivery: IncomingDelivery = {
      method: req.method,
      url: req.originalUrl,
      headers: req.headers,
      body,
      receivedAt,
    };
    const verification = await source.provider.verify(delivery, source);
    if (!verification.ok) throw new UnauthorizedException(verification.reason);
    let events: ParsedEvent[];
    try {
      events = source.provider.parse(delivery, source);
    } catch (error) {
      throw this.clientError(error);
    }

    let stored;
    try {
      stored = await this.inbox.accept(source, delivery, verification, events);
    } catch (error) {
      this.logger.error({ err: error, source: slug }, 'Could not store webhook delivery');
      throw new ServiceUnavailableException('The delivery could not be stored and was not accepted; retry later');
    }
    const [first] = stored;
    const duplicate = stored.every((s) => s.duplicate);
    if (duplicate) res.status(HttpStatus.OK);
    this.logger.info(
      { source: slug, eventType: events[0]?.eventType, eventId: first?.eventId, duplicate },
      events.length === 1 ? events[0]!.description : `${events.length} events`,
    );
    return stored.length === 1
      ? { eventId: first!.eventId, jobId: first!.jobId, ...(duplicate ? { duplicate: true } : {}) }
      : { events: stored, ...(duplicate ? { duplicate: true } : {}) };
  }

  private clientError(error: unknown): HttpException {
    if (error instanceof UnsupportedContentTypeError) return new UnsupportedMediaTypeException(error.message);
    if (error instanceof MalformedDeliveryError) return new BadRequestException(error.message);
    throw error;
  }
}
