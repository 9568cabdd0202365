import { DynamicModule, Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { MetricsModule } from '../metrics/metrics.module';
import { JobQueue } from './job-queue';
import { JobTable } from './job-table';
import { QueueClient } from './queue-client';
import { QueueDeclarations } from './queue-declarations';
import type { QueueDefinition } from './queue-definition';
import { QueueRegistry } from './queue-registry';
import { QueueRoleOptions } from './queue-role-options';
import { QueueWorker } from './queue-worker';

let declarationCount = 0;

@Global()
@Module({})
export class QueueModule {
  /** The queue client for every role; `works` adds the handler runner (worker role). */
  static forRoot(options: { works: boolean; instanceName: string }): DynamicModule {
    return {
      module: QueueModule,
      // The worker counts its jobs (outcome, duration) in this process's metrics.
      imports: [DiscoveryModule, MetricsModule],
      providers: [
        { provide: QueueRoleOptions, useValue: new QueueRoleOptions(options.works, options.instanceName) },
        QueueRegistry,
        QueueClient,
        JobQueue,
        JobTable,
        ...(options.works ? [QueueWorker] : []),
      ],
      exports: [JobQueue, QueueClient, QueueRegistry, JobTable, QueueRoleOptions],
    };
  }

  /** Declares a feature's queues so every role creates them and may send to them. */
  static forFeature(queues: QueueDefinition<any>[]): DynamicModule {
    const token = `QueueDeclarations#${declarationCount++}`;
    return {
      module: QueueDeclarationsModule,
      providers: [{ provide: token, useValue: new QueueDeclarations(queues) }],
    };
  }
}

@Module({})
class QueueDeclarationsModule {}
