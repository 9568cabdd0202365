import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditEventRecord, AuditSource } from './audit-event.entity';

export interface AuditActor {
  /** Discord user id, OIDC subject, or `system`. */
  id: string;
  name?: string | null;
}

export interface AuditEntry {
  source: AuditSource;
  actor: AuditActor;
  /** What was done, as `<thing>.<verb>`: `rule.create`, `job.retry`, `schedule.add`. */
  action: string;
  /** The id of the thing acted on, when there is one. */
  target?: string | null;
  data?: Record<string, unknown>;
}

/** Writes audit events; pass the caller's transaction manager so the event commits with the change. */
@Injectable()
export class AuditLog {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(entry: AuditEntry, manager: EntityManager = this.dataSource.manager): Promise<AuditEventRecord> {
    const record = manager.create(AuditEventRecord, {
      source: entry.source,
      actorId: entry.actor.id,
      actorName: entry.actor.name ?? null,
      action: entry.action,
      target: entry.target ?? null,
      data: entry.data ?? {},
    });
    return manager.save(record);
  }
}
