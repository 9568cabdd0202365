import { Controller, Get, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { publicState } from '../../jobs/job-state';
import { AppConfig } from '../../platform/config/app-config';
import { HEARTBEAT_SECONDS, ProcessHeartbeats } from '../../platform/health/process-heartbeats';
import { JobTable } from '../../platform/queue/job-table';
import { QueueRegistry } from '../../platform/queue/queue-registry';
import { DatabaseFactsReader } from '../../status/database-facts';
import { diskSpace } from '../../status/disk-space';
import { DashboardErrorFilter } from '../pages/dashboard-error.filter';
import { DashboardPages } from '../pages/dashboard-pages';
import { bytes, duration } from './human-units';

const QUEUE_STATES = ['queued', 'deferred', 'running', 'failed', 'dead'] as const;
/** A process whose row is older than three heartbeats is shown as not heard from. */
const LIVE_WITHIN_SECONDS = HEARTBEAT_SECONDS * 3;

/** The System page: processes by role, the database, queues, and disk space for DATA_DIR. */
@Controller('dashboard/system')
@UseFilters(DashboardErrorFilter)
export class SystemPagesController {
  constructor(
    private readonly pages: DashboardPages,
    private readonly heartbeats: ProcessHeartbeats,
    private readonly database: DatabaseFactsReader,
    private readonly jobTable: JobTable,
    private readonly registry: QueueRegistry,
    private readonly config: AppConfig,
  ) {}

  @Get()
  async show(@Req() req: Request, @Res() res: Response): Promise<void> {
    const names = this.registry.all().map((q) => q.name);
    const [processes, database, depths, disk] = await Promise.all([
      this.heartbeats.list(),
      this.database.read(),
      this.jobTable.depths(names),
      diskSpace(this.config.dataDir),
    ]);
    const queues = names.map((queue) => {
      const rows = depths.filter((d) => d.queue === queue);
      const counts = Object.fromEntries(QUEUE_STATES.map((s) => [s, 0]));
      for (const row of rows) counts[row.state === 'deferred' ? 'deferred' : publicState(row.state)] = row.count;
      const oldest = rows.find((r) => r.oldestDueSeconds !== null)?.oldestDueSeconds ?? null;
      return { queue, counts, oldest: oldest === null ? null : duration(oldest) };
    });
    const oldest = depths
      .filter((d) => d.oldestDueSeconds !== null)
      .sort((a, b) => b.oldestDueSeconds! - a.oldestDueSeconds!)[0];
    const freeShare = disk.sizeBytes > 0 ? disk.freeBytes / disk.sizeBytes : 1;
    await this.pages.send(req, res, 'system', {
      title: 'System',
      heartbeatSeconds: HEARTBEAT_SECONDS,
      section: 'system',
      processes: processes.map((p) => ({
        ...p,
        status: p.stoppedAt ? 'stopped' : p.ageSeconds <= LIVE_WITHIN_SECONDS ? 'running' : 'not heard from',
        uptime: duration(p.uptimeSeconds),
        lastBeat: duration(p.ageSeconds),
        rss: bytes(p.rssBytes),
        heap: bytes(p.heapUsedBytes),
        lag: p.eventLoopLagMs.toFixed(1),
      })),
      database: { ...database, size: bytes(database.sizeBytes) },
      states: QUEUE_STATES,
      queues,
      oldest: oldest ? { queue: oldest.queue, age: duration(oldest.oldestDueSeconds!) } : null,
      disk: {
        path: disk.path,
        free: bytes(disk.freeBytes),
        size: bytes(disk.sizeBytes),
        percentFree: Math.round(freeShare * 100),
        low: freeShare < this.config.ops.diskFreeAlertPercent / 100,
      },
    });
  }
}
