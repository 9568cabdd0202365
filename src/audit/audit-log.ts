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
  /** Who recorded it on the actor's behalf, when that is someone else (an API token for the bot). */
  via?: AuditActor;
}

/**
 * Writes audit events. A failed write throws: the change it describes must not commit without it.
 * Write it in the change's transaction: pass that transaction's manager, or call it inside an
 * ambient transaction (AmbientTransaction.run, which the audit interceptor opens for audited routes).
 */
@Injectable()
export class AuditLog {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  record(entry: AuditEntry, manager: EntityManager = this.dataSource.manager): Promise<AuditEventRecord> {
    // One INSERT … RETURNING; the caller's transaction (if any) is the transaction.
    return manager.save(
      manager.create(AuditEventRecord, {
        source: entry.source,
        actorId: entry.actor.id,
        actorName: entry.actor.name ?? null,
        action: entry.action,
        target: entry.target ?? null,
        data: entry.data ?? {},
        viaId: entry.via?.id ?? null,
        viaName: entry.via?.name ?? null,
      }),
      { transaction: false },
    );
  }
}
