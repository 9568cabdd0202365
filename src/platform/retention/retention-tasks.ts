import { Injectable, Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';

/** Deletes what is past its retention; answers how many rows (or files) went. */
export type RetentionTask = (signal?: AbortSignal) => Promise<number>;

const BATCH = 1000;

/**
 * What the hourly prune (`webhook.prune`, worker role) removes besides webhook events: features
 * register a task each (audit events, bulk replays, resolved alerts; stored files and sync
 * tombstones with `config.retention.storedFileDays` / `syncTombstoneDays`). One failing task does
 * not stop the others; the prune fails afterwards so it is retried.
 */
@Injectable()
export class RetentionTasks {
  private readonly tasks = new Map<string, RetentionTask>();
  private readonly logger = new Logger('Retention');

  register(name: string, task: RetentionTask): void {
    this.tasks.set(name, task);
  }

  async runAll(signal?: AbortSignal): Promise<Record<string, number>> {
    const deleted: Record<string, number> = {};
    const failed: string[] = [];
    for (const [name, task] of this.tasks) {
      if (signal?.aborted) break;
      try {
        deleted[name] = await task(signal);
      } catch (error) {
        failed.push(`${name}: ${(error as Error).message}`);
        this.logger.warn(`Retention task ${name} failed: ${(error as Error).message}`);
      }
    }
    if (failed.length > 0) throw new Error(`Retention failed for ${failed.join('; ')}`);
    return deleted;
  }
}

/**
 * Deletes rows of `table` whose `column` is older than `days`, a thousand at a time (each batch
 * its own short statement), optionally only those matching `where`. Table, column and condition
 * come from code, never from input.
 */
export async function pruneOlderThan(
  dataSource: DataSource,
  target: { table: string; column: string; days: number; where?: string },
  signal?: AbortSignal,
): Promise<number> {
  const cutoff = new Date(Date.now() - target.days * 24 * 3600 * 1000);
  const extra = target.where ? ` AND (${target.where})` : '';
  let deleted = 0;
  for (;;) {
    const [, count] = await dataSource.query<[unknown, number]>(
      `DELETE FROM ${target.table} WHERE ctid IN (
         SELECT ctid FROM ${target.table} WHERE ${target.column} < $1${extra} LIMIT ${BATCH})`,
      [cutoff],
    );
    deleted += count;
    if (count < BATCH || signal?.aborted) return deleted;
  }
}
