import { Module } from '@nestjs/common';
import { QueueModule } from '../../platform/queue/queue.module';
import { EnrichmentGate } from './enrichment-gate';
import { webhookEnrichQueue } from './webhook-enrich.queue';

/** Every role: declares the enrich queue; the routing worker asks the gate before routing. */
@Module({
  imports: [QueueModule.forFeature([webhookEnrichQueue])],
  providers: [EnrichmentGate],
  exports: [EnrichmentGate],
})
export class EnrichmentModule {}
