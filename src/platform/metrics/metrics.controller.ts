import { Controller, Get, Header, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Metrics } from './metrics';

/** api role: the Prometheus scrape, for an admin session or a token with `metrics:read`. */
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Get()
  @Header('cache-control', 'no-store')
  async scrape(@Res() res: Response): Promise<void> {
    const { contentType, body } = await this.metrics.scrape();
    // Exactly prom-client's type: Express's send would add a charset in the middle.
    res.setHeader('content-type', contentType);
    res.end(body);
  }
}
