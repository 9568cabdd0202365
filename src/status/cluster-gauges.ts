import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OperatorAlerts } from '../alerts/operator-alerts.service';
import { ParkedChannels } from '../discord/delivery/parked-channels';
import { publicState } from '../jobs/job-state';
import { AppConfig } from '../platform/config/app-config';
import { ReadinessService } from '../platform/health/readiness.service';
import { readProcessHeartbeats } from '../platform/queue/instance-table';
import { Metrics } from '../platform/metrics/metrics';
import { JobTable } from '../platform/queue/job-table';
import { diskSpace } from './disk-space';
import { QueueRegistry } from '../platform/queue/queue-registry';

/**
 * Gauges about the whole installation, read from the database when Prometheus scrapes the api:
 * queue depths and the oldest due job per queue, parked channels, open alerts, and how long ago
 * each role was last heard from. Only api processes report them (one query set per scrape, not one
 * per worker); with several api replicas, take `max` across instances.
 */
@Injectable()
export class ClusterGauges implements OnModuleInit {
  constructor(
    private readonly metrics: Metrics,
    private readonly jobTable: JobTable,
    private readonly registry: QueueRegistry,
    private readonly parked: ParkedChannels,
    private readonly alerts: OperatorAlerts,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly readiness: ReadinessService,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.metrics.onScrape(() => this.queues());
    this.metrics.onScrape(async () => this.metrics.parkedChannels.set(await this.parked.count()));
    this.metrics.onScrape(() => this.openAlerts());
    this.metrics.onScrape(() => this.heartbeats());
    this.metrics.onScrape(() => this.readyChecks());
    this.metrics.onScrape(() => this.disk());
  }

  private async readyChecks(): Promise<void> {
    const { checks } = await this.readiness.check();
    this.metrics.ready.reset();
    for (const [check, { ok }] of Object.entries(checks)) this.metrics.ready.set({ check }, ok ? 1 : 0);
  }

  private async disk(): Promise<void> {
    const { freeBytes, sizeBytes } = await diskSpace(this.config.dataDir);
    this.metrics.dataDirFree.set(freeBytes);
    this.metrics.dataDirSize.set(sizeBytes);
  }

  private async queues(): Promise<void> {
    const names = this.registry.all().map((queue) => queue.name);
    const rows = await this.jobTable.depths(names);
    const { queueJobs, oldestWaiting } = this.metrics;
    queueJobs.reset();
    oldestWaiting.reset();
    for (const queue of names) {
      for (const state of ['queued', 'deferred', 'running', 'failed', 'dead']) queueJobs.set({ queue, state }, 0);
      oldestWaiting.set({ queue }, 0);
    }
    for (const row of rows) {
      const state = row.state === 'deferred' ? 'deferred' : publicState(row.state);
      queueJobs.inc({ queue: row.queue, state }, row.count);
      if (row.oldestDueSeconds !== null) oldestWaiting.set({ queue: row.queue }, Math.max(0, row.oldestDueSeconds));
    }
  }

  private async openAlerts(): Promise<void> {
    const counts = await this.alerts.openByKind();
    this.metrics.openAlerts.reset();
    for (const { kind, count } of counts) this.metrics.openAlerts.set({ kind }, count);
  }

  private async heartbeats(): Promise<void> {
    const sets = await readProcessHeartbeats(this.dataSource);
    const byRole = new Map<string, number>();
    for (const { roles, ageSeconds } of sets) {
      for (const role of roles.split('+')) byRole.set(role, Math.min(byRole.get(role) ?? Infinity, ageSeconds));
    }
    this.metrics.heartbeatAge.reset();
    for (const [role, age] of byRole) this.metrics.heartbeatAge.set({ role }, age);
  }
}
