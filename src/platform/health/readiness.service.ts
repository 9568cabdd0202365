import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { QueueClient } from '../queue/queue-client';

export interface Check {
  ok: boolean;
  detail: string;
}

export interface Readiness {
  ready: boolean;
  checks: { database: Check; queue: Check; worker: Check };
}

const withTimeout = <T>(promise: Promise<T>, ms: number): Promise<T> =>
  Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref()),
  ]);

/** Database reachable, queue started, and some worker heard from within the window. */
@Injectable()
export class ReadinessService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queue: QueueClient,
    private readonly config: AppConfig,
  ) {}

  async check(): Promise<Readiness> {
    const database = await this.database();
    const queue: Check = this.queue.isStarted ? { ok: true, detail: 'started' } : { ok: false, detail: 'not started' };
    const worker = database.ok ? await this.worker() : { ok: false, detail: 'unknown: database unreachable' };
    return { ready: database.ok && queue.ok && worker.ok, checks: { database, queue, worker } };
  }

  private async database(): Promise<Check> {
    try {
      await withTimeout(this.dataSource.query('SELECT 1'), 2000);
      return { ok: true, detail: 'reachable' };
    } catch (error) {
      return { ok: false, detail: `unreachable: ${(error as Error).message}` };
    }
  }

  /** Worker processes register with pg-boss (instance name `worker`) and heartbeat every 10 s. */
  private async worker(): Promise<Check> {
    const window = this.config.readiness.workerHeartbeatWindowSeconds;
    try {
      const rows = await withTimeout(
        this.dataSource.query<{ age: number | null }[]>(
          `SELECT extract(epoch FROM now() - max(heartbeat_on))::int AS age
             FROM pgboss.instance WHERE name = 'worker' AND stopped_on IS NULL`,
        ),
        2000,
      );
      const age = rows[0]?.age;
      if (age === null || age === undefined) return { ok: false, detail: 'no worker has registered' };
      return age <= window
        ? { ok: true, detail: `last heartbeat ${age}s ago` }
        : { ok: false, detail: `last heartbeat ${age}s ago, over the ${window}s window` };
    } catch (error) {
      return { ok: false, detail: `could not read worker heartbeats: ${(error as Error).message}` };
    }
  }
}
