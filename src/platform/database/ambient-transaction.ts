import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type DataSourceOptions, type QueryRunner, type ReplicationMode } from 'typeorm';

interface Ambient {
  runner: QueryRunner;
  /** What DataSource hands out while the transaction is open: the runner, but never released by its users. */
  joined: QueryRunner;
  open: boolean;
  afterCommit: (() => unknown)[];
}

const storage = new AsyncLocalStorage<Ambient>();

/** The open ambient transaction's query runner, if the current code runs inside one. */
export function ambientQueryRunner(): QueryRunner | undefined {
  const ambient = storage.getStore();
  return ambient?.open ? ambient.joined : undefined;
}

/** The runner as its borrowers see it: everything passes through except release(), which the owner does. */
function borrowed(runner: QueryRunner): QueryRunner {
  return new Proxy(runner, {
    get(target, property) {
      if (property === 'release') return () => Promise.resolve();
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
    set: (target, property, value) => Reflect.set(target, property, value, target),
  });
}

/**
 * The application's DataSource: inside an ambient transaction (AmbientTransaction.run) every query
 * runner it hands out is that transaction's, so `dataSource.query`, repositories, query builders and
 * `dataSource.transaction()` (a savepoint then) all join it without being told.
 */
export class AmbientDataSource extends DataSource {
  constructor(options: DataSourceOptions) {
    super(options);
  }

  override createQueryRunner(mode: ReplicationMode = 'master'): QueryRunner {
    return ambientQueryRunner() ?? super.createQueryRunner(mode);
  }
}

/**
 * One transaction around a piece of work that is not told about it: whatever the work writes through
 * the DataSource (and pg-boss calls given `ambientPgBossDb()`) commits or rolls back together. The
 * audit interceptor runs each audited route in one, and writes the audit row in it before the commit,
 * so no change commits without its audit row. Work started inside and left running after it ends
 * (a timer, an un-awaited promise) gets ordinary connections again.
 */
@Injectable()
export class AmbientTransaction {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Whether the current code runs inside an open ambient transaction. */
  get active(): boolean {
    return ambientQueryRunner() !== undefined;
  }

  /** Runs `work` in a new transaction, or in the current one when already inside one. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active) return work();
    const runner = this.dataSource.createQueryRunner();
    const ambient: Ambient = { runner, joined: borrowed(runner), open: true, afterCommit: [] };
    try {
      await runner.startTransaction();
      const result = await storage.run(ambient, work);
      await runner.commitTransaction();
      ambient.open = false;
      for (const callback of ambient.afterCommit) await callback();
      return result;
    } catch (error) {
      if (ambient.open && runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      ambient.open = false;
      await runner.release();
    }
  }

  /**
   * Runs `callback` once the current ambient transaction has committed (never if it rolls back), or
   * at once outside one: an answer sent by the route itself must not announce a change before it is
   * committed.
   */
  async afterCommit(callback: () => unknown): Promise<void> {
    const ambient = storage.getStore();
    if (ambient?.open) ambient.afterCommit.push(callback);
    else await callback();
  }
}
