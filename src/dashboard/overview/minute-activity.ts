import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { JobTable } from '../../platform/queue/job-table';
import { QueueRegistry } from '../../platform/queue/queue-registry';

export interface MinuteCounts {
  /** The minute's start. */
  minute: Date;
  webhooks: number;
  succeeded: number;
  failed: number;
}

const MINUTE = 60_000;
export const CHART_MINUTES = 60;

const floorMinute = (ms: number) => Math.floor(ms / MINUTE) * MINUTE;

/**
 * Webhooks received and jobs finished (succeeded, dead) per minute over the last hour. Minutes
 * older than the last two no longer change, so they are counted once a minute per process; only
 * the last two (late commits included) are counted on every page view.
 */
@Injectable()
export class MinuteActivity {
  private settled?: { until: number; counts: Map<number, MinuteCounts> };

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: QueueRegistry,
    private readonly jobTable: JobTable,
  ) {}

  async lastHour(now = Date.now()): Promise<MinuteCounts[]> {
    const current = floorMinute(now);
    const first = current - (CHART_MINUTES - 1) * MINUTE;
    const liveFrom = current - MINUTE;
    if (this.settled?.until !== liveFrom) {
      this.settled = { until: liveFrom, counts: await this.count(first, liveFrom) };
    }
    const live = await this.count(liveFrom, now + MINUTE);
    return Array.from({ length: CHART_MINUTES }, (_, i) => {
      const minute = first + i * MINUTE;
      return (
        (minute < liveFrom ? this.settled!.counts : live).get(minute) ?? {
          minute: new Date(minute),
          webhooks: 0,
          succeeded: 0,
          failed: 0,
        }
      );
    });
  }

  private async count(from: number, to: number): Promise<Map<number, MinuteCounts>> {
    const range = [new Date(from), new Date(to)] as const;
    const [webhooks, jobs] = await Promise.all([
      this.dataSource.query<{ minute: Date; n: number }[]>(
        `SELECT date_trunc('minute', received_at) AS minute, count(*)::int AS n FROM webhook_events
          WHERE received_at >= $1 AND received_at < $2 GROUP BY 1`,
        [...range],
      ),
      this.jobTable.endedByMinute(
        this.registry.all().map((q) => q.name),
        ...range,
      ),
    ]);
    const counts = new Map<number, MinuteCounts>();
    const at = (minute: Date) => {
      const key = minute.getTime();
      let entry = counts.get(key);
      if (!entry) counts.set(key, (entry = { minute, webhooks: 0, succeeded: 0, failed: 0 }));
      return entry;
    };
    for (const row of webhooks) at(row.minute).webhooks = row.n;
    for (const row of jobs) at(row.minute)[row.state === 'completed' ? 'succeeded' : 'failed'] = row.count;
    return counts;
  }
}
