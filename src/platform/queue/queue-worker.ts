import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { Job, JobResult } from 'pg-boss';
import { performance } from 'node:perf_hooks';
import { AppConfig } from '../config/app-config';
import { Metrics } from '../metrics/metrics';
import { JOB_HANDLER_METADATA } from './job-handler.decorator';
import { QueueClient } from './queue-client';
import type { QueueDefinition } from './queue-definition';
import { JobTable } from './job-table';
import { PermanentJobError, QueueJob, RetryLaterError } from './queue-job';
import { pgBossQueueOptions, workOptions } from './queue-options';
import { QueueRegistry } from './queue-registry';

type Handler = (job: QueueJob<object>) => Promise<unknown>;

interface FoundHandler {
  queue: QueueDefinition;
  handler: Handler;
  where: string;
}

const errorOutput = (error: unknown) =>
  error instanceof Error ? { name: error.name, message: error.message } : { name: 'Error', message: String(error) };

/**
 * Worker role only: finds every @JobHandler, refuses a queue with two handlers or a handler for an
 * undeclared queue, and starts one pg-boss worker per queue. Each job of a batch is settled on its
 * own, so one failure does not retry its neighbours.
 */
@Injectable()
export class QueueWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly worked: string[] = [];
  private readonly logger = new Logger('Worker');

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly registry: QueueRegistry,
    private readonly client: QueueClient,
    private readonly config: AppConfig,
    private readonly jobTable: JobTable,
    private readonly metrics: Metrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const handlers = this.findHandlers();
    for (const { queue, handler } of handlers.values()) {
      const options = workOptions(queue, this.config.jobs);
      // Jobs take their queue's retry limit when created, and the queue's is set from its definition at boot.
      const retryLimit = pgBossQueueOptions(queue, this.config.jobs).retryLimit ?? 0;
      const keyOrdered = queue.settings.policy === 'key_strict_fifo';
      let workId = '';
      workId = await this.client.boss.work<object>(queue.name, { ...options, perJobResults: true }, async (jobs) => {
        const results = await this.runBatch(jobs, handler, retryLimit);
        // Fetch again at once instead of after the poll interval when there is likely more: a full
        // batch (the queue's other loops may be waiting out their poll), or any batch on a
        // key_strict_fifo queue, where settling it makes each key's next job fetchable and no NOTIFY
        // says so. A short batch elsewhere means the queue is drained; new jobs NOTIFY.
        if (keyOrdered || jobs.length >= options.batchSize) this.wake(workId);
        return results;
      });
      this.worked.push(queue.name);
      const schedule = queue.settings.schedule;
      if (schedule) await this.client.boss.schedule(queue.name, schedule.cron, schedule.data ?? {}, { tz: 'UTC' });
    }
    this.logger.log(`Working queues: ${[...handlers.keys()].join(', ') || '(none)'}`);
  }

  /**
   * Stops fetching and lets running handlers finish (up to the grace period) while the database
   * pools are still open: Nest closes TypeORM before pg-boss's own shutdown hook runs.
   */
  async beforeApplicationShutdown(): Promise<void> {
    const drained = Promise.all(this.worked.map((name) => this.client.boss.offWork(name, { wait: true })));
    const graceMs = this.config.jobs.shutdownTimeoutSeconds * 1000;
    await Promise.race([drained, new Promise((resolve) => setTimeout(resolve, graceMs).unref())]);
  }

  private wake(workId: string): void {
    for (const worker of this.client.boss.getWipData()) {
      if (worker.workId === workId) this.client.boss.notifyWorker(worker.id);
    }
  }

  /** Due again at the handler's time; pg-boss's own fail then finds the attempt settled and does nothing. */
  private async retryAt(job: Job<object>, error: RetryLaterError): Promise<void> {
    await this.jobTable
      .retryAt(job.name, job.id, job.retryCount, error.at, errorOutput(error))
      .catch((failure: unknown) =>
        this.logger.warn(`Job ${job.id}: retry at ${error.at.toISOString()} not set: ${String(failure)}`),
      );
  }

  findHandlers(): Map<string, FoundHandler> {
    const found = new Map<string, FoundHandler>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const queue = this.reflector.get<QueueDefinition | undefined>(
          JOB_HANDLER_METADATA,
          instance[method] as Handler,
        );
        if (!queue) continue;
        const where = `${wrapper.name}.${method}`;
        if (this.registry.get(queue.name) !== queue) {
          throw new Error(`${where} handles queue "${queue.name}", which no module declares (QueueModule.forFeature)`);
        }
        const duplicate = found.get(queue.name);
        if (duplicate) throw new Error(`Queue "${queue.name}" has two handlers: ${duplicate.where} and ${where}`);
        found.set(queue.name, { queue, where, handler: (instance[method] as Handler).bind(instance) });
      }
    }
    return found;
  }

  private async runBatch(jobs: Job<object>[], handler: Handler, retryLimit: number): Promise<JobResult[]> {
    return Promise.all(
      jobs.map(async (job): Promise<JobResult> => {
        const started = performance.now();
        const seconds = () => (performance.now() - started) / 1000;
        try {
          const output = await handler({
            id: job.id,
            name: job.name,
            data: job.data,
            retryCount: job.retryCount,
            lastAttempt: job.retryCount >= retryLimit,
            signal: job.signal,
          });
          this.metrics.job(job.name, 'completed', seconds());
          return { id: job.id, status: 'completed', output: output ?? undefined };
        } catch (error) {
          const permanent = error instanceof PermanentJobError;
          this.logger.warn(
            `Job ${job.name} ${job.id} failed${permanent ? ' permanently' : ''}: ${errorOutput(error).message}`,
          );
          if (error instanceof RetryLaterError) await this.retryAt(job, error);
          this.metrics.job(job.name, permanent || job.retryCount >= retryLimit ? 'dead' : 'failed', seconds());
          return { id: job.id, status: permanent ? 'deadletter' : 'failed', output: errorOutput(error) };
        }
      }),
    );
  }
}
