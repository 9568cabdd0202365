import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { decodeKeyset, encodeKeyset } from '../platform/http/keyset-cursor';
import { JobRecord, JobTable } from '../platform/queue/job-table';
import { QueueClient } from '../platform/queue/queue-client';
import { QueueRegistry } from '../platform/queue/queue-registry';
import { ambientPgBossDb } from '../platform/queue/transaction-db';
import { pgBossState } from './job-state';
import { JobView, toJobView } from './job-view';
import { RouterRoutingRow, routerRoutingView } from './router-routing-view';
import type { ListJobsQuery } from './list-jobs.query';

/** Dead jobs revived per statement by a bulk retry. */
const RETRY_BATCH = 500;

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
    const rows = await this.jobTable.page({
      queues: query.type ? [await this.knownType(query.type)] : await this.queueNames(),
      state: query.state && pgBossState(query.state),
      before: query.cursor ? decodeKeyset(query.cursor) : undefined,
      limit: limit + 1,
    });
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
    const db = ambientPgBossDb();
    if ((await this.jobTable.supersededDead(row.name, [id], db)).length > 0) {
      throw new ConflictException(
        `Another job of the same key is queued or running on ${row.name} (one at a time there): it stands in for this one; discard this one instead`,
      );
    }
    await this.queue.boss.retry(row.name, id, { db });
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
   * statement each) walked by id, so a job that dies again at once is not picked up twice. On a
   * queue that runs one job of a key at a time (a sync source's runs), only the newest dead job of a
   * key goes back, and none while another holds the key: the others are superseded (canceled).
   */
  async retryDead(type?: string): Promise<{ retried: number; superseded: number }> {
    const names = type ? [await this.knownType(type)] : await this.queueNames();
    const db = ambientPgBossDb();
    let retried = 0;
    let superseded = 0;
    for (const name of names) {
      let after: string | undefined;
      for (;;) {
        const ids = await this.jobTable.deadIds(name, RETRY_BATCH, after);
        if (ids.length === 0) break;
        after = ids[ids.length - 1];
        const standIns = new Set(
          await this.jobTable.supersedeDead(name, await this.jobTable.supersededDead(name, ids, db), db),
        );
        superseded += standIns.size;
        const revived = ids.filter((id) => !standIns.has(id));
        if (revived.length > 0) {
          // pg-boss's typings leave the response empty; it carries the count of jobs it changed.
          const response = (await this.queue.boss.retry(name, revived, { db })) as { affected?: number };
          retried += response.affected ?? 0;
        }
        if (ids.length < RETRY_BATCH) break;
      }
    }
    return { retried, superseded };
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

  private async row(id: string): Promise<JobRecord> {
    const row = await this.findRow(id);
    if (row) return row;
    const view = await this.get(id);
    throw new ConflictException(
      `Job ${id} is the routing of webhook event ${id} by the router (${view.state}); replay the event to route it again`,
    );
  }

  private async findRow(id: string): Promise<JobRecord | undefined> {
    return this.jobTable.find(await this.queueNames(), id);
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
    const created = await this.jobTable.queueNames();
    return [...new Set([...this.registry.all().map((q) => q.name), ...created])].sort();
  }
}
