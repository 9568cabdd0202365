import { Controller, Get, UseGuards } from '@nestjs/common';
import { SharedSecretGuard } from '../../platform/security/shared-secret.guard';
import { IngestRejections } from './rejections';

@Controller('webhooks/rejections')
@UseGuards(SharedSecretGuard)
export class RejectionsController {
  constructor(private readonly rejections: IngestRejections) {}

  /** Refused deliveries by source and reason since this process started, and the latest ones. */
  @Get()
  list() {
    return this.rejections.summary();
  }
}
