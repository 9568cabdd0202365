import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { QueueClient } from '../queue/queue-client';
import { HealthIndicators } from './health-indicators';
import { readWorkerHeartbeat } from '../queue/instance-table';

export interface Check {
  ok: boolean;
  detail: string;
}

export interface Readiness {
  ready: boolean;
  /** Plus whatever this process's roles registered (the bot's gateway). */
  checks: { database: Check; queue: Check; worker: Check } & Record<string, Check>;
}

const withTimeout = <T>(promise: Promise<T>, ms: number): Promise<T> =>
  Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref()),
  ]);

/** Database reachable, queue started, some worker heard from within the window, and this process's own parts. */
@Injectable()
export class ReadinessService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queue: QueueClient,
    private readonly config: AppConfig,
    private readonly indicators: HealthIndicators,
  ) {}

  async check(): Promise<Readiness> {
    const database = await this.database();
    const queue: Check = this.queue.isStarted ? { ok: true, detail: 'started' } : { ok: false, detail: 'not started' };
    const worker = database.ok ? await this.worker() : { ok: false, detail: 'unknown: database unreachable' };
    const own = Object.fromEntries(
      Object.entries(this.indicators.read()).map(([name, { ok, detail }]) => [name, { ok, detail }]),
    );
    const checks = { database, queue, worker, ...own };
    return { ready: Object.values(checks).every((c) => c.ok), checks };
  }

  private async database(): Promise<Check> {
    try {
      await withTimeout(this.dataSource.query('SELECT 1'), 2000);
      return { ok: true, detail: 'reachable' };
    } catch (error) {
      return { ok: false, detail: `unreachable: ${(error as Error).message}` };
    }
  }

  private async worker(): Promise<Check> {
    const window = this.config.readiness.workerHeartbeatWindowSeconds;
    try {
      const { ageSeconds: age } = await withTimeout(readWorkerHeartbeat(this.dataSource), 2000);
      if (age === null) return { ok: false, detail: 'no worker has registered' };
      return age <= window
        ? { ok: true, detail: `last heartbeat ${age}s ago` }
        : { ok: false, detail: `last heartbeat ${age}s ago, over the ${window}s window` };
    } catch (error) {
      return { ok: false, detail: `could not read worker heartbeats: ${(error as Error).message}` };
    }
  }
}
