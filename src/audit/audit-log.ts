import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PinoLogger } from 'nestjs-pino';
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

/**
 * Writes audit events, best effort: a failed write is logged (as "audit event lost", with the
 * entry) and never fails or undoes the action it describes. Pass the caller's transaction manager
 * to commit the event with the change; the write then runs under a savepoint, so its failure
 * leaves the transaction usable.
 */
@Injectable()
export class AuditLog {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly logger: PinoLogger,
  ) {}

  async record(entry: AuditEntry, manager?: EntityManager): Promise<AuditEventRecord | undefined> {
    try {
      return manager
        ? await this.insertInTransaction(entry, manager)
        : await this.insert(entry, this.dataSource.manager);
    } catch (error) {
      this.logger.error(
        { err: error, audit: { ...entry, data: entry.data ?? {} } },
        `Audit event lost: ${entry.action} by ${entry.actor.id}`,
      );
      return undefined;
    }
  }

  private async insertInTransaction(entry: AuditEntry, manager: EntityManager): Promise<AuditEventRecord> {
    await manager.query('SAVEPOINT audit_event');
    try {
      const record = await this.insert(entry, manager);
      await manager.query('RELEASE SAVEPOINT audit_event');
      return record;
    } catch (error) {
      await manager.query('ROLLBACK TO SAVEPOINT audit_event');
      throw error;
    }
  }

  private insert(entry: AuditEntry, manager: EntityManager): Promise<AuditEventRecord> {
    // One INSERT … RETURNING; the caller's transaction (if any) is the transaction.
    return manager.save(
      manager.create(AuditEventRecord, {
        source: entry.source,
        actorId: entry.actor.id,
        actorName: entry.actor.name ?? null,
        action: entry.action,
        target: entry.target ?? null,
        data: entry.data ?? {},
      }),
      { transaction: false },
    );
  }
}
