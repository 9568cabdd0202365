import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { decodeKeyset, encodeKeyset, keysetAt } from '../platform/http/keyset-cursor';
import { JobTable } from '../platform/queue/job-table';
import { QueueClient } from '../platform/queue/queue-client';
import { QueueRegistry } from '../platform/queue/queue-registry';
import { ambientPgBossDb } from '../platform/queue/transaction-db';
import { pgBossState } from './job-state';
import { JobRow, JobView, toJobView } from './job-view';
import { RouterRoutingRow, routerRoutingView } from './router-routing-view';
import type { ListJobsQuery } from './list-jobs.query';

/** Dead jobs revived per statement by a bulk retry. */
const RETRY_BATCH = 500;

const COLUMNS = `id, name, state, data, output, retry_count, retry_limit, start_after, created_on, started_on, completed_on`;

/** Reads and steers jobs of Switchyard's queues (declared, or made by rules). pg-boss's job table is keyed by (queue, id). */
@Injectable()
export class JobsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: QueueRegistry,
    private readonly queue: QueueClient,
    private readonly jobTable: JobTable,
  ) {}

  async get(id: string): Promise<JobView> {
    const row = await this.findRow(id);
    if (row) return toJobView(row);
    const [routing] = await this.dataSource.query<RouterRoutingRow[]>(
      `SELECT id, routing_status, received_at, routed_at, router_result FROM webhook_events
        WHERE id = $1 AND (router_result IS NOT NULL OR routing_status = 'pending')`,
      [id],
    );
    if (routing) return routerRoutingView(routing);
    throw new NotFoundException(`No job ${id}`);
  }

  async list(query: ListJobsQuery): Promise<{ jobs: JobView[]; next: string | null }> {
    const limit = query.limit ?? 50;
    const names = query.type ? [await this.knownType(query.type)] : await this.queueNames();
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
    const rows = await this.dataSource.query<(JobRow & { keyset_at: string })[]>(
      `SELECT ${COLUMNS}, ${keysetAt('created_on')} AS keyset_at FROM pgboss.job WHERE ${where.join(' AND ')}
        ORDER BY created_on DESC, id DESC LIMIT $${params.length}`,
      params,
    );
    const page = rows.slice(0, limit);
    return {
      jobs: page.map(toJobView),
      next: rows.length > limit ? encodeKeyset(page[page.length - 1]!.keyset_at, page[page.length - 1]!.id) : null,
    };
  }

  /** Runs a dead or canceled (or discarded) job again: a dead one with a fresh attempt count. */
  async retry(id: string): Promise<JobView> {
    const row = await this.row(id);
    if (row.state !== 'failed' && row.state !== 'cancelled') {
      throw new ConflictException(`Only dead or canceled jobs can be retried; this job is ${toJobView(row).state}`);
    }
    // pg-boss's retry revives failed jobs only; a canceled job is resumed (queued again). Both in the
    // audited change's transaction, when there is one.
    const db = ambientPgBossDb();
    if (row.state === 'cancelled') await this.queue.boss.resume(row.name, id, { db });
    else await this.queue.boss.retry(row.name, id, { db });
    return this.get(id);
  }

  /**
   * A dead job back to the queue with a fresh attempt count. On an ordered queue (discord.post) a
   * dead job still holding its channel's line runs first, in its place; one moved out of the line
   * (refused for its content) runs on its own, after the posts that went ahead meanwhile.
   */
  async redrive(id: string): Promise<JobView> {
    const row = await this.row(id);
    if (row.state !== 'failed') {
      throw new ConflictException(`Only dead jobs can be redriven; this job is ${toJobView(row).state}`);
    }
    await this.queue.boss.retry(row.name, id, { db: ambientPgBossDb() });
    return this.get(id);
  }

  /**
   * Drops a dead job for good: it becomes canceled with `{discarded: true, by, lastError}` as its
   * result, stays visible until retention removes it, and no longer holds its line, so the posts
   * behind it go ahead. `retry` would still bring it back.
   */
  async discard(id: string, by: string): Promise<JobView> {
    const row = await this.row(id);
    if (row.state !== 'failed') {
      throw new ConflictException(`Only dead jobs can be discarded; this job is ${toJobView(row).state}`);
    }
    await this.jobTable.discardDead(row.name, [id], by);
    return this.get(id);
  }

  /** Discards every dead job of one type, in batches like retryDead; how many. */
  async discardDead(type: string, by: string): Promise<{ discarded: number }> {
    const name = await this.knownType(type);
    let discarded = 0;
    for (;;) {
      const ids = await this.jobTable.deadIds(name, RETRY_BATCH);
      if (ids.length === 0) break;
      const changed = await this.jobTable.discardDead(name, ids, by);
      discarded += changed.length;
      if (ids.length < RETRY_BATCH || changed.length === 0) break;
    }
    return { discarded };
  }

  /**
   * Runs every dead job again, of one type or of all, in batches of RETRY_BATCH (one pg-boss retry
   * statement each) walked by id, so a job that dies again at once is not picked up twice.
   */
  async retryDead(type?: string): Promise<{ retried: number }> {
    const names = type ? [await this.knownType(type)] : await this.queueNames();
    let retried = 0;
    for (const name of names) {
      let after = '00000000-0000-0000-0000-000000000000';
      for (;;) {
        const rows = await this.dataSource.query<{ id: string }[]>(
          `SELECT id FROM pgboss.job WHERE name = $1 AND state = 'failed' AND id > $2 ORDER BY id LIMIT $3`,
          [name, after, RETRY_BATCH],
        );
        if (rows.length === 0) break;
        // pg-boss's typings leave the response empty; it carries the count of jobs it changed.
        const response = (await this.queue.boss.retry(
          name,
          rows.map((r) => r.id),
          { db: ambientPgBossDb() },
        )) as { affected?: number };
        retried += response.affected ?? 0;
        after = rows[rows.length - 1]!.id;
        if (rows.length < RETRY_BATCH) break;
      }
    }
    return { retried };
  }

  /** Cancels a queued, failed (awaiting retry) or running job; a running handler is signalled to stop. */
  async cancel(id: string): Promise<JobView> {
    const row = await this.row(id);
    if (row.state !== 'created' && row.state !== 'retry' && row.state !== 'active') {
      throw new ConflictException(
        `Only queued, failed or running jobs can be canceled; this job is ${toJobView(row).state}`,
      );
    }
    await this.queue.boss.cancel(row.name, id, { db: ambientPgBossDb() });
    return this.get(id);
  }

  private async row(id: string): Promise<JobRow> {
    const row = await this.findRow(id);
    if (row) return row;
    const view = await this.get(id);
    throw new ConflictException(
      `Job ${id} is the routing of webhook event ${id} by the router (${view.state}); replay the event to route it again`,
    );
  }

  private async findRow(id: string): Promise<JobRow | undefined> {
    const rows = await this.dataSource.query<JobRow[]>(
      `SELECT ${COLUMNS} FROM pgboss.job WHERE name = ANY($1) AND id = $2`,
      [await this.queueNames(), id],
    );
    return rows[0];
  }

  private async knownType(type: string): Promise<string> {
    const known = await this.queueNames();
    if (!known.includes(type)) {
      throw new BadRequestException(`Unknown job type "${type}"; known types: ${known.join(', ')}`);
    }
    return type;
  }

  /** Switchyard's own queues and those rules' `job` actions created. */
  private async queueNames(): Promise<string[]> {
    const created = await this.dataSource.query<{ name: string }[]>('SELECT name FROM pgboss.queue');
    return [...new Set([...this.registry.all().map((q) => q.name), ...created.map((q) => q.name)])].sort();
  }
}
