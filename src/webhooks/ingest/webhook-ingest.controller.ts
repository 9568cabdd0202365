import { Controller, HttpCode, HttpStatus, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { IngestRejections } from './rejections';
import { RateLimitedException } from './rate-limited.exception';
import { WebhookIngestService } from './webhook-ingest.service';

/**
 * `POST /webhooks/:source`: 202 for new events, 200 with `duplicate: true` for a delivery already
 * stored; nothing is acknowledged before it is committed. Refusals are counted by reason.
 */
@Controller('webhooks')
export class WebhookIngestController {
  constructor(
    private readonly ingest: WebhookIngestService,
    private readonly rejections: IngestRejections,
  ) {}

  /**
   * `/webhooks/espocrm/people-sync` (the seed system's fixed routes) is the source
   * `espocrm-people-sync`: a second segment names a sibling source.
   */
  @Post(':source/:topic')
  @HttpCode(HttpStatus.ACCEPTED)
  receiveTopic(
    @Param('source') source: string,
    @Param('topic') topic: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.receive(`${source}-${topic}`, req, res);
  }

  @Post(':source')
  @HttpCode(HttpStatus.ACCEPTED)
  async receive(@Param('source') slug: string, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    try {
      const result = await this.ingest.receive(slug, req);
      if (result.duplicate) res.status(HttpStatus.OK);
      return result.body;
    } catch (error) {
      if (!req.readableEnded) req.resume();
      if (error instanceof RateLimitedException) res.setHeader('Retry-After', String(error.retryAfterSeconds));
      this.rejections.record(slug, error, typeof req.id === 'string' ? req.id : undefined);
      throw error;
    }
  }
}
