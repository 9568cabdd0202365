import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AlertNotifier } from '../../alerts/discord/alert-notifier';
import { Metrics } from '../../platform/metrics/metrics';

/**
 * A finished run, told to the metrics (`switchyard_sync_runs_total`, its duration) and to the ops
 * channel (three failed runs of a source in a row, then back). Never fails the run it reports.
 */
@Injectable()
export class SyncRunReports {
  private readonly logger = new Logger('Sync');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly metrics: Metrics,
    private readonly notifier: AlertNotifier,
  ) {}

  async finished(source: string, outcome: 'succeeded' | 'failed', seconds: number, error?: string): Promise<void> {
    this.metrics.syncRun(source, outcome, seconds);
    if (!this.notifier.enabled) return;
    try {
      const recent = await this.dataSource.query<{ status: string }[]>(
        `SELECT status FROM sync_runs WHERE source = $1 AND status <> 'running' ORDER BY started_at DESC LIMIT 10`,
        [source],
      );
      const firstSuccess = recent.findIndex((run) => run.status !== 'failed');
      await this.notifier.syncRuns(source, firstSuccess === -1 ? recent.length : firstSuccess, error);
    } catch (failure) {
      this.logger.warn(`Sync run of ${source} not reported to the ops channel: ${String(failure)}`);
    }
  }
}
