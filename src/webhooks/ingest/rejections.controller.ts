import { Controller, Get } from '@nestjs/common';
import { IngestRejections } from './rejections';

@Controller('webhooks/rejections')
export class RejectionsController {
  constructor(private readonly rejections: IngestRejections) {}

  /** Refused deliveries by source and reason since this process started, and the latest ones. */
  @Get()
  list() {
    return this.rejections.summary();
  }
}
