import { Injectable, INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Job, JobResult, PgBoss, WorkOptions } from 'pg-boss';
import type { AppConfig } from '../../../src/platform/config/app-config';
import { ConfigModule } from '../../../src/platform/config/config.module';
import { DatabaseModule } from '../../../src/platform/database/database.module';
import { JobHandler } from '../../../src/platform/queue/job-handler.decorator';
import { JobQueue } from '../../../src/platform/queue/job-queue';
import { QueueClient } from '../../../src/platform/queue/queue-client';
import { defineQueue } from '../../../src/platform/queue/queue-definition';
import type { QueueJob } from '../../../src/platform/queue/queue-job';
import { pgBossQueueOptions } from '../../../src/platform/queue/queue-options';
import { QueueModule } from '../../../src/platform/queue/queue.module';
import { QueueWorker } from '../../../src/platform/queue/queue-worker';
import { BenchJob, probe } from './probe';

/** A cheap handler's queue with no other settings: the module's defaults for such a queue are measured. */
export const noopQueue = defineQueue<BenchJob>('bench.noop', { cheap: true });

@Injectable()
class NoopHandler {
  /** Does nothing (the probe only notes the time). */
  @JobHandler(noopQueue)
  handle(job: QueueJob<BenchJob>): void {
    probe.started(job.data);
  }
}

@Module({ imports: [QueueModule.forFeature([noopQueue])], providers: [NoopHandler] })
class NoopFeatureModule {}

/** One system under test, reduced to what the rounds need. */
export interface Target {
  name: string;
  schema: string;
  boss: PgBoss;
  send(data: BenchJob): Promise<unknown>;
  /** Starts this queue's workers the way this system does. */
  startWorkers(): Promise<void>;
  stopWorkers(): Promise<void>;
  close(): Promise<void>;
}

/** Switchyard's QueueModule in a small Nest app (worker role), schema `pgboss`. */
export async function moduleTarget(config: AppConfig, url: string): Promise<Target> {
  @Module({
    imports: [
      ConfigModule.forRoot(config),
      DatabaseModule.forRoot(url, 10),
      QueueModule.forRoot({ works: true, instanceName: 'worker' }),
      NoopFeatureModule,
    ],
  })
  class QueueBenchModule {}
  const app: INestApplicationContext = await NestFactory.createApplicationContext(QueueBenchModule, {
    logger: ['error', 'warn'],
  });
  const boss = app.get(QueueClient).boss;
  const jobs = app.get(JobQueue);
  const worker = app.get(QueueWorker);
  return {
    name: 'QueueModule',
    schema: 'pgboss',
    boss,
    send: (data) => jobs.send(noopQueue, data),
    // Exactly what the worker role runs at boot (the app already ran it once; see stopWorkers).
    startWorkers: () => worker.onApplicationBootstrap(),
    stopWorkers: () => boss.offWork(noopQueue.name),
    close: () => app.close(),
  };
}

/** How raw pg-boss is run: its work() options and its pool size. */
export interface RawSettings {
  label: string;
  work: WorkOptions;
  max: number;
}

/**
 * pg-boss on its own (its own schema), with QueueClient's constructor options (worker role)
 * except the pool size, and `settings.work` for the noop queue. Its handler does what the module's
 * does for a no-op: it notes the start and, with perJobResults, returns each job's result.
 */
export async function rawTarget(
  config: AppConfig,
  url: string,
  settings: RawSettings,
  schema = 'pgboss_raw',
): Promise<Target> {
  const boss = new PgBoss({
    connectionString: url,
    schema,
    application_name: 'switchyard-bench-raw',
    max: settings.max,
    useListenNotify: true,
    supervise: true,
    schedule: true,
    superviseIntervalSeconds: config.jobs.superviseIntervalSeconds,
    monitorIntervalSeconds: config.jobs.superviseIntervalSeconds,
    instanceName: 'worker',
    instanceHeartbeatSeconds: 10,
  });
  boss.on('error', (error: Error) => console.warn(`raw pg-boss: ${error.message}`));
  await boss.start({ attempts: 5 });
  if (!(await boss.getQueue(noopQueue.name))) {
    await boss.createQueue(noopQueue.name, pgBossQueueOptions(noopQueue, config.jobs));
  }
  const handler = async (jobs: Job<BenchJob>[]): Promise<JobResult[] | undefined> => {
    for (const job of jobs) probe.started(job.data);
    return settings.work.perJobResults ? jobs.map((job) => ({ id: job.id, status: 'completed' })) : undefined;
  };
  const start = async () => {
    await boss.work<BenchJob>(noopQueue.name, settings.work, handler);
  };
  await start();
  return {
    name: `raw pg-boss, ${settings.label}`,
    schema,
    boss,
    send: (data) => boss.send(noopQueue.name, data),
    startWorkers: start,
    stopWorkers: () => boss.offWork(noopQueue.name),
    close: () => boss.stop({ graceful: true, timeout: 5000 }),
  };
}
