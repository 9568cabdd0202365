import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { PgBoss } from 'pg-boss';
import { AppConfig } from '../config/app-config';
import { DatabaseUrl } from '../database/database-url.token';
import { pgBossQueueOptions } from './queue-options';
import { QueueRegistry } from './queue-registry';
import { QueueRoleOptions } from './queue-role-options';

/**
 * Owns this process's pg-boss instance: starts it, creates or updates every declared queue one
 * after another, and stops it gracefully (running jobs get WORKER_SHUTDOWN_TIMEOUT_SECONDS to
 * finish; whatever is still running then is failed back to the queue and retried).
 */
@Injectable()
export class QueueClient implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Queue');
  readonly boss: PgBoss;
  private started = false;

  constructor(
    private readonly config: AppConfig,
    private readonly registry: QueueRegistry,
    databaseUrl: DatabaseUrl,
    role: QueueRoleOptions,
  ) {
    this.boss = new PgBoss({
      connectionString: databaseUrl.value,
      schema: 'pgboss',
      application_name: 'switchyard-queue',
      max: role.works ? 10 : 5,
      // Only workers listen for NOTIFY and maintain the queues; senders just insert.
      useListenNotify: role.works,
      supervise: role.works,
      schedule: role.works,
      superviseIntervalSeconds: config.jobs.superviseIntervalSeconds,
      monitorIntervalSeconds: config.jobs.superviseIntervalSeconds,
      cronMonitorIntervalSeconds: config.jobs.scheduleCheckIntervalSeconds,
      // Due occurrences are forwarded to their queues by a pg-boss job; poll it at least as often.
      cronWorkerIntervalSeconds: Math.min(5, config.jobs.scheduleCheckIntervalSeconds),
      instanceName: role.instanceName,
      instanceHeartbeatSeconds: 10,
    });
    // Without a listener pg-boss's pool errors would crash the process when Postgres goes away.
    this.boss.on('error', (error: Error) => this.logger.warn(`pg-boss: ${error.message}`));
    this.boss.on('warning', (warning: { message: string }) => this.logger.warn(`pg-boss: ${warning.message}`));
  }

  get isStarted(): boolean {
    return this.started;
  }

  async onModuleInit(): Promise<void> {
    await this.boss.start({ attempts: 5 });
    for (const queue of this.registry.all()) {
      const options = pgBossQueueOptions(queue, this.config.jobs);
      if (await this.boss.getQueue(queue.name)) {
        const { policy: _policy, ...updatable } = options;
        await this.boss.updateQueue(queue.name, updatable);
      } else {
        await this.boss.createQueue(queue.name, options);
      }
    }
    this.started = true;
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.boss.stop({ graceful: true, timeout: this.config.jobs.shutdownTimeoutSeconds * 1000 });
  }
}
