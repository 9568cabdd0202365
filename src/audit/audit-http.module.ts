import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditEventsService } from './audit-events.service';

/** api role: the audit trail's HTTP API. */
@Module({ providers: [AuditEventsService], controllers: [AuditController] })
export class AuditHttpModule {}
