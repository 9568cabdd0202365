import { Injectable } from '@nestjs/common';
import type { Db } from 'pg-boss';
import type { QueryRunner } from 'typeorm';
import { v5 as uuidv5 } from 'uuid';
import { AppConfig } from '../config/app-config';
import { QueueClient } from './queue-client';
import { defineQueue, type QueueDefinition } from './queue-definition';
import { pgBossQueueOptions } from './queue-options';
import { QueueRegistry } from './queue-registry';
import { ambientPgBossDb, queryRunnerDb } from './transaction-db';

const IDEMPOTENCY_NAMESPACE = '0b6c7f3e-5d1a-4a8e-9f3c-2f0d8c1b7a65';

export interface SendOptions {
  /** The same key on the same queue always yields the same job, never a second one. */
  idempotencyKey?: string;
  /** An id chosen by the caller (without a key): a job that already has it is not made again. */
  jobId?: string;
  startAfter?: Date | number;
  /** Enqueue inside this open transaction: a rollback leaves no job. */
  transaction?: QueryRunner | Db;
  /** Orders jobs with the same key on `key_strict_fifo` queues. */
  orderingKey?: string;
  /**
   * Collect the job here instead of inserting it now; `JobQueue.flush` inserts a batch's jobs with
   * one statement per queue. Needs `jobId` or `idempotencyKey`: the id is known before the insert.
   */
  batch?: JobBatch;
}

interface BatchedJob {
  id: string;
  data: object;
  singletonKey?: string;
  startAfter?: Date | number;
}

/** Jobs gathered for one insert per queue, in the order they were added. */
export class JobBatch {
  readonly queues = new Map<string, BatchedJob[]>();

  add(queue: string, job: BatchedJob): SentJob {
    const jobs = this.queues.get(queue) ?? [];
    jobs.push(job);
    this.queues.set(queue, jobs);
    return { id: job.id, created: true };
  }
}

export interface SentJob {
  id: string;
  /** false when the idempotency key matched an existing job. */
  created: boolean;
}

/** The job id an idempotency key maps to: deterministic, so a repeat finds the first job. */
export function idempotentJobId(queue: string, key: string): string {
  return uuidv5(`${queue}\u0000${key}`, IDEMPOTENCY_NAMESPACE);
}

const isQueryRunner = (value: QueryRunner | Db): value is QueryRunner => 'manager' in value;

/** The caller's transaction, else the ambient one (an audited change), else none: pg-boss's own pool. */
const transactionDb = (transaction: QueryRunner | Db | undefined): Db | undefined =>
  transaction ? (isQueryRunner(transaction) ? queryRunnerDb(transaction) : transaction) : ambientPgBossDb();

/** Enqueues jobs from any role. Only declared queues are accepted. */
@Injectable()
export class JobQueue {
  /** Queues made for rules' `job` actions that this process knows exist. */
  private readonly external = new Set<string>();

  constructor(
    private readonly client: QueueClient,
    private readonly registry: QueueRegistry,
    private readonly config: AppConfig,
  ) {}

  /** Whether a queue name belongs to Switchyard itself (rules may not enqueue there directly). */
  isDeclared(name: string): boolean {
    return this.registry.get(name) !== undefined;
  }

  async send<T extends object>(queue: QueueDefinition<T>, data: T, options: SendOptions = {}): Promise<SentJob> {
    this.assertDeclared(queue);
    const id = this.jobId(queue.name, options);
    if (options.batch) return this.batched(options.batch, queue.name, id, data, options);
    const db = transactionDb(options.transaction);
    const sent = await this.client.boss.send(queue.name, data, {
      id,
      startAfter: options.startAfter,
      singletonKey: options.orderingKey,
      db,
    });
    if (sent) return { id: sent, created: true };
    if (id) return { id, created: false };
    throw new Error(`pg-boss did not create a job on ${queue.name}`);
  }

  /**
   * At most one job per `key` per window of `seconds` (windows aligned to the clock, pg-boss's
   * `singletonSeconds`), due when its window ends: everything asked for during a window is covered by
   * that one job, which runs after the last of it. The job, or undefined when the window already has
   * one. A burst of requests for one thing becomes one job.
   */
  async sendOncePerWindow<T extends object>(
    queue: QueueDefinition<T>,
    data: T,
    options: { key: string; seconds: number; transaction?: QueryRunner | Db },
  ): Promise<SentJob | undefined> {
    this.assertDeclared(queue);
    const db = transactionDb(options.transaction);
    if (options.seconds <= 0) {
      const sent = await this.client.boss.send(queue.name, data, { singletonKey: options.key, db });
      return sent ? { id: sent, created: true } : undefined;
    }
    const windowMs = options.seconds * 1000;
    const windowEnd = (Math.floor(Date.now() / windowMs) + 1) * windowMs;
    const sent = await this.client.boss.sendThrottled(
      queue.name,
      data,
      { startAfter: new Date(windowEnd), db },
      options.seconds,
      options.key,
    );
    return sent ? { id: sent, created: true } : undefined;
  }

  /** Many jobs in one statement, with ids chosen by the caller (the ingest batch uses this). */
  async insertMany<T extends object>(
    queue: QueueDefinition<T>,
    jobs: { id: string; data: T }[],
    db: Db,
  ): Promise<void> {
    this.assertDeclared(queue);
    if (jobs.length === 0) return;
    await this.client.boss.insert(queue.name, jobs, { db });
  }

  /**
   * A job on a queue Switchyard does not work itself, for a rule's `job` action: the queue is
   * created on first use with the JOB_* retry settings, and its jobs wait for whoever consumes it
   * (another pg-boss service on this database, or an operator through the jobs API).
   */
  async sendExternal(name: string, data: object, options: Omit<SendOptions, 'orderingKey'> = {}): Promise<SentJob> {
    if (this.isDeclared(name)) throw new Error(`"${name}" is one of Switchyard's own queues`);
    if (!this.external.has(name)) {
      if (!(await this.client.boss.getQueue(name))) {
        const settings = pgBossQueueOptions(defineQueue(name, { heartbeatSeconds: null }), this.config.jobs);
        await this.client.boss.createQueue(name, settings).catch(async (error: unknown) => {
          // Another process created it at the same moment.
          if (!(await this.client.boss.getQueue(name))) throw error;
        });
      }
      this.external.add(name);
    }
    const id = this.jobId(name, options);
    if (options.batch) return this.batched(options.batch, name, id, data, options);
    const db = transactionDb(options.transaction);
    const sent = await this.client.boss.send(name, data, { id, startAfter: options.startAfter, db });
    if (sent) return { id: sent, created: true };
    if (id) return { id, created: false };
    throw new Error(`pg-boss did not create a job on ${name}`);
  }

  /**
   * Creates or replaces the cron schedule `key` on a queue: each occurrence becomes one job with
   * `data`, once across all workers (pg-boss's cron pass). The expression is evaluated in `tz`.
   * `singletonKey` files each occurrence under that key (an `exclusive` queue refuses it while the
   * key has a job queued or running).
   */
  async schedule<T extends object>(
    queue: QueueDefinition<T>,
    key: string,
    cron: string,
    data: T,
    options: { tz: string; transaction?: QueryRunner; singletonKey?: string },
  ): Promise<void> {
    this.assertDeclared(queue);
    const db = transactionDb(options.transaction);
    const singleton = options.singletonKey === undefined ? {} : { singletonKey: options.singletonKey };
    await this.client.boss.schedule(queue.name, cron, data, {
      tz: options.tz,
      key,
      ...singleton,
      ...(db ? { db } : {}),
    });
  }

  async unschedule(
    queue: QueueDefinition<any>,
    key: string,
    options: { transaction?: QueryRunner } = {},
  ): Promise<void> {
    this.assertDeclared(queue);
    const db = transactionDb(options.transaction);
    await this.client.boss.unschedule(queue.name, key, db ? { db } : {});
  }

  /** Inserts a batch's jobs inside `transaction`: one statement per queue, each queue's jobs in order. */
  async flush(batch: JobBatch, transaction: QueryRunner): Promise<void> {
    const db = queryRunnerDb(transaction);
    for (const [queue, jobs] of batch.queues) await this.client.boss.insert(queue, jobs, { db });
    batch.queues.clear();
  }

  private batched(batch: JobBatch, queue: string, id: string | undefined, data: object, options: SendOptions): SentJob {
    if (!id) throw new Error('A batched job needs a jobId or an idempotencyKey');
    return batch.add(queue, { id, data, singletonKey: options.orderingKey, startAfter: options.startAfter });
  }

  private jobId(queue: string, options: SendOptions): string | undefined {
    if (options.jobId) return options.jobId;
    return options.idempotencyKey ? idempotentJobId(queue, options.idempotencyKey) : undefined;
  }

  private assertDeclared(queue: QueueDefinition<any>): void {
    if (this.registry.get(queue.name) !== queue) {
      throw new Error(`Queue "${queue.name}" is not declared: register it with QueueModule.forFeature`);
    }
  }
}
