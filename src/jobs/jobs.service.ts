import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { decodeKeyset, encodeKeyset } from '../platform/http/keyset-cursor';
import { QueueClient } from '../platform/queue/queue-client';
import { QueueRegistry } from '../platform/queue/queue-registry';
import { pgBossState } from './job-state';
import { JobRow, JobView, toJobView } from './job-view';
import type { ListJobsQuery } from './list-jobs.query';

const COLUMNS = `id, name, state, data, output, retry_count, retry_limit, start_after, created_on, started_on, completed_on`;

/** Reads and steers jobs of Switchyard's queues (declared, or made by rules). pg-boss's job table is keyed by (queue, id). */
@Injectable()
export class JobsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: QueueRegistry,
    private readonly queue: QueueClient,
  ) {}

  async get(id: string): Promise<JobView> {
    return toJobView(await this.row(id));
  }

  async list(query: ListJobsQuery): Promise<{ jobs: JobView[]; next: string | null }> {
    const limit = query.limit ?? 50;
    const known = await this.queueNames();
    if (query.type && !known.includes(query.type)) {
      throw new BadRequestException(`Unknown job type "${query.type}"; known types: ${known.join(', ')}`);
    }
    const names = query.type ? [query.type] : known;
    const params: unknown[] = [names];
    const where = ['name = ANY($1)'];
    if (query.state) {
      params.push(pgBossState(query.state));
      where.push(`state = $${params.length}::pgboss.job_state`);
    }
    if (query.cursor) {
      const cursor = decodeKeyset(query.cursor);
      params.push(cursor.at, cursor.id);
      where.push(`(created_on, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(limit + 1);
    const rows = await this.dataSource.query<JobRow[]>(
      `SELECT ${COLUMNS} FROM pgboss.job WHERE ${where.join(' AND ')} ORDER BY created_on DESC, id DESC LIMIT $${params.length}`,
      params,
    );
    const page = rows.slice(0, limit);
    return {
      jobs: page.map(toJobView),
      next: rows.length > limit ? encodeKeyset(page[page.length - 1]!.created_on, page[page.length - 1]!.id) : null,
    };
  }

  /** Runs a dead or canceled job again from a fresh attempt count. */
  async retry(id: string): Promise<JobView> {
    const row = await this.row(id);
    if (row.state !== 'failed' && row.state !== 'cancelled') {
      throw new ConflictException(`Only dead or canceled jobs can be retried; this job is ${toJobView(row).state}`);
    }
    await this.queue.boss.retry(row.name, id);
    return this.get(id);
  }

  /** Cancels a queued, failed (awaiting retry) or running job; a running handler is signalled to stop. */
  async cancel(id: string): Promise<JobView> {
    const row = await this.row(id);
    if (row.state !== 'created' && row.state !== 'retry' && row.state !== 'active') {
      throw new ConflictException(
        `Only queued, failed or running jobs can be canceled; this job is ${toJobView(row).state}`,
      );
    }
    await this.queue.boss.cancel(row.name, id);
    return this.get(id);
  }

  private async row(id: string): Promise<JobRow> {
    const rows = await this.dataSource.query<JobRow[]>(
      `SELECT ${COLUMNS} FROM pgboss.job WHERE name = ANY($1) AND id = $2`,
      [await this.queueNames(), id],
    );
    if (rows.length === 0) throw new NotFoundException(`No job ${id}`);
    return rows[0]!;
  }

  /** Switchyard's own queues and those rules' `job` actions created. */
  private async queueNames(): Promise<string[]> {
    const created = await this.dataSource.query<{ name: string }[]>('SELECT name FROM pgboss.queue');
    return [...new Set([...this.registry.all().map((q) => q.name), ...created.map((q) => q.name)])].sort();
  }
}
