import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditEventsModule } from './audit-events.module';

/** api role: the audit trail's HTTP API. */
@Module({ imports: [AuditEventsModule], controllers: [AuditController] })
export class AuditHttpModule {}
