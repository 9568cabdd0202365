import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { JobState, publicState } from '../jobs/job-state';
import { readWorkerHeartbeat, WorkerHeartbeat } from '../platform/queue/instance-table';
import { JobTable } from '../platform/queue/job-table';
import { QueueRegistry } from '../platform/queue/queue-registry';

export interface QueueDepth {
  queue: string;
  counts: Partial<Record<JobState, number>>;
}

export interface SystemStatus {
  queues: QueueDepth[];
  /** The job waiting longest to run (due now, not delayed), if any. */
  oldestQueued: { queue: string; ageSeconds: number } | null;
  sources: { slug: string; enabled: boolean; lastReceivedAt: Date | null }[];
  worker: WorkerHeartbeat;
}

/** What an operator asks first: are jobs piling up, are webhooks arriving, is a worker alive. */
@Injectable()
export class SystemStatusService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: QueueRegistry,
    private readonly jobTable: JobTable,
  ) {}

  async read(): Promise<SystemStatus> {
    const names = this.registry.all().map((q) => q.name);
    const [depths, sources, worker] = await Promise.all([
      this.jobTable.depths(names),
      // One index probe per source on (source, received_at DESC).
      this.dataSource.query<{ slug: string; enabled: boolean; last: Date | null }[]>(
        `SELECT s.slug, s.enabled, (SELECT max(e.received_at) FROM webhook_events e WHERE e.source = s.slug) AS last
           FROM webhook_sources s ORDER BY s.slug`,
      ),
      readWorkerHeartbeat(this.dataSource),
    ]);
    const queues = names.map((queue) => {
      const counts: Partial<Record<JobState, number>> = {};
      for (const row of depths.filter((d) => d.queue === queue)) {
        const state = publicState(row.state === 'deferred' ? 'created' : row.state);
        counts[state] = (counts[state] ?? 0) + row.count;
      }
      return { queue, counts };
    });
    const oldest = depths
      .filter((d) => d.oldestDueSeconds !== null)
      .sort((a, b) => b.oldestDueSeconds! - a.oldestDueSeconds!)[0];
    return {
      queues,
      oldestQueued: oldest ? { queue: oldest.queue, ageSeconds: Math.round(oldest.oldestDueSeconds!) } : null,
      sources: sources.map((s) => ({ slug: s.slug, enabled: s.enabled, lastReceivedAt: s.last })),
      worker,
    };
  }
}
