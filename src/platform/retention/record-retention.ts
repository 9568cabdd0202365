import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { pruneOlderThan, RetentionTasks } from './retention-tasks';

/**
 * The records with a retention: audit events (AUDIT_RETENTION_DAYS, 365), finished bulk
 * replays (BULK_REPLAY_RETENTION_DAYS), resolved operator alerts and the ops-alert rows of alerts
 * that ended (RESOLVED_ALERT_RETENTION_DAYS).
 */
@Injectable()
export class RecordRetention implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tasks: RetentionTasks,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    const days = this.config.retention;
    const prune = (table: string, column: string, n: number, where?: string) => (signal?: AbortSignal) =>
      pruneOlderThan(this.dataSource, { table, column, days: n, where }, signal);
    this.tasks.register('audit_events', prune('audit_events', 'at', days.auditDays));
    this.tasks.register(
      'bulk_replays',
      prune('bulk_replays', 'finished_at', days.bulkReplayDays, `state <> 'running'`),
    );
    this.tasks.register(
      'operator_alerts',
      prune('operator_alerts', 'resolved_at', days.resolvedAlertDays, 'resolved_at IS NOT NULL'),
    );
    // Dead-job rows stay: they remember up to when dead jobs were counted.
    this.tasks.register(
      'ops_alert_sends',
      prune('ops_alert_sends', 'updated_at', days.resolvedAlertDays, `NOT firing AND kind <> 'jobs.dead'`),
    );
  }
}
