import { DynamicModule, INestApplicationContext, Module, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { loadConfig } from '../../src/platform/config/app-config';
import { ConfigModule } from '../../src/platform/config/config.module';
import { DatabaseModule } from '../../src/platform/database/database.module';
import { JobQueue } from '../../src/platform/queue/job-queue';
import { QueueClient } from '../../src/platform/queue/queue-client';
import { QueueModule } from '../../src/platform/queue/queue.module';

export interface QueueHarness {
  app: INestApplicationContext;
  jobs: JobQueue;
  client: QueueClient;
  dataSource: DataSource;
  close(): Promise<void>;
}

/**
 * The real queue module (pg-boss on a real Postgres) with test-only queues and handlers, for
 * behaviour no production queue exercises on demand (slow jobs, failing jobs).
 */
export async function startQueueHarness(options: {
  databaseUrl: string;
  imports: (Type | DynamicModule)[];
  works?: boolean;
  env?: Record<string, string>;
}): Promise<QueueHarness> {
  const config = loadConfig({
    RUNTIME_ENV: 'test',
    DATABASE_URL: options.databaseUrl,
    JOB_RETRY_BASE_SECONDS: '1',
    WORKER_SHUTDOWN_TIMEOUT_SECONDS: '5',
    ...options.env,
  });
  @Module({
    imports: [
      ConfigModule.forRoot(config),
      DatabaseModule.forRoot(options.databaseUrl, 4),
      QueueModule.forRoot({ works: options.works ?? true, instanceName: 'worker' }),
      ...options.imports,
    ],
  })
  class HarnessModule {}
  const app = await NestFactory.create(HarnessModule, { logger: false });
  try {
    await app.init();
  } catch (error) {
    await app.close();
    throw error;
  }
  return {
    app,
    jobs: app.get(JobQueue),
    client: app.get(QueueClient),
    dataSource: app.get(DataSource),
    close: () => app.close(),
  };
}

export interface JobRecord {
  id: string;
  state: string;
  retry_count: number;
  output: { message?: string } | null;
}

export async function jobRecord(
  harness: QueueHarness | { dataSource: DataSource },
  id: string,
): Promise<JobRecord | undefined> {
  const rows = await harness.dataSource.query<JobRecord[]>(
    'SELECT id, state, retry_count, output FROM pgboss.job WHERE id = $1',
    [id],
  );
  return rows[0];
}
