import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../platform/config/app-config';

const BATCH = 1000;

/**
 * Deletes events past retention a thousand at a time, each batch its own short statement, so
 * ingest never waits behind a long lock.
 */
@Injectable()
export class EventRetentionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  async prune(signal?: AbortSignal): Promise<{ deleted: number; olderThan: string }> {
    const cutoff = new Date(Date.now() - this.config.webhooks.retentionDays * 24 * 3600 * 1000);
    let deleted = 0;
    for (;;) {
      const [, count] = await this.dataSource.query<[unknown, number]>(
        `DELETE FROM webhook_events WHERE id IN (
           SELECT id FROM webhook_events WHERE received_at < $1 ORDER BY received_at LIMIT $2 FOR UPDATE SKIP LOCKED)`,
        [cutoff, BATCH],
      );
      deleted += count;
      if (count < BATCH || signal?.aborted) break;
    }
    return { deleted, olderThan: cutoff.toISOString() };
  }
}
