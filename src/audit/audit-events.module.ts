import { Module } from '@nestjs/common';
import { AuditEventsService } from './audit-events.service';

/** Reading the audit trail (and events reported by other systems), for the API and the dashboard. */
@Module({ providers: [AuditEventsService], exports: [AuditEventsService] })
export class AuditEventsModule {}
