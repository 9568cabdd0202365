import { Injectable, Module } from '@nestjs/common';
import { JobHandler } from '../src/platform/queue/job-handler.decorator';
import { defineQueue } from '../src/platform/queue/queue-definition';
import { seen, testQueue, TestQueueDeclarations, TestQueueWorker } from './support/fixtures/test-queues';
import { jobRecord, QueueHarness, startQueueHarness } from './support/queue-harness';
import { waitFor } from './support/switchyard';
import { createTestDatabase, TestDatabase } from './support/test-database';

describe('queue module on pg-boss', () => {
  let db: TestDatabase;
  let harness: QueueHarness;

  beforeAll(async () => {
    db = await createTestDatabase();
    harness = await startQueueHarness({ databaseUrl: db.url, imports: [TestQueueWorker] });
  });

  afterAll(async () => {
    await harness?.close();
    await db?.drop();
  });

  const settled = (id: string, state: string) =>
    waitFor(
      async () => {
        const job = await jobRecord(harness, id);
        return job?.state === state ? job : undefined;
      },
      `job ${id} to be ${state}`,
      30_000,
    );

  it('runs a job and keeps its result', async () => {
    const { id, created } = await harness.jobs.send(testQueue, { label: 'plain' });
    expect(created).toBe(true);
    const job = await settled(id, 'completed');
    expect(job.output).toEqual({ done: 'plain' });
  });

  it('leaves no job when the enqueuing transaction rolls back, and one when it commits', async () => {
    const runner = harness.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    const rolledBack = await harness.jobs.send(testQueue, { label: 'rolled-back', workMs: 0 }, { transaction: runner });
    await runner.rollbackTransaction();
    await runner.startTransaction();
    const committed = await harness.jobs.send(testQueue, { label: 'committed' }, { transaction: runner });
    await runner.commitTransaction();
    await runner.release();

    await settled(committed.id, 'completed');
    expect(await jobRecord(harness, rolledBack.id)).toBeUndefined();
    expect(seen.some((s) => s.label === 'rolled-back')).toBe(false);
  });

  it('returns the same job for the same idempotency key, never a second one', async () => {
    const first = await harness.jobs.send(testQueue, { label: 'idempotent' }, { idempotencyKey: 'order-17' });
    const second = await harness.jobs.send(testQueue, { label: 'idempotent again' }, { idempotencyKey: 'order-17' });
    expect(second).toEqual({ id: first.id, created: false });
    await settled(first.id, 'completed');
    expect(seen.filter((s) => s.label.startsWith('idempotent'))).toHaveLength(1);
    const other = await harness.jobs.send(testQueue, { label: 'other key' }, { idempotencyKey: 'order-18' });
    expect(other.id).not.toBe(first.id);
  });

  it('retries a failing job with growing delays, then gives up with the last error', async () => {
    const { id } = await harness.jobs.send(testQueue, { label: 'flaky', outcome: 'fail' });
    const job = await settled(id, 'failed');
    const attempts = seen.filter((s) => s.jobId === id);
    expect(attempts.map((a) => a.retryCount)).toEqual([0, 1, 2]);
    expect(job.output).toMatchObject({ message: 'flaky failed on attempt 3' });
    const firstGap = attempts[1]!.at - attempts[0]!.at;
    const secondGap = attempts[2]!.at - attempts[1]!.at;
    // Backoff: retryDelay * (2^n/2 + 2^n/2 * jitter) → at least 1 s, then at least 2 s.
    expect(firstGap).toBeGreaterThanOrEqual(1000);
    expect(secondGap).toBeGreaterThanOrEqual(2000);
  });

  it('fails a job for good at once on a PermanentJobError', async () => {
    const { id } = await harness.jobs.send(testQueue, { label: 'hopeless', outcome: 'permanent' });
    const job = await settled(id, 'failed');
    expect(job.output).toMatchObject({ name: 'PermanentJobError', message: 'hopeless cannot succeed' });
    expect(seen.filter((s) => s.jobId === id)).toHaveLength(1);
  });

  it('refuses to send to an undeclared queue', async () => {
    await expect(harness.jobs.send(defineQueue<{ x: number }>('test.undeclared'), { x: 1 })).rejects.toThrow(
      'Queue "test.undeclared" is not declared: register it with QueueModule.forFeature',
    );
  });
});

describe('queue module boot checks', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('fails at boot when a queue has two handlers', async () => {
    @Injectable()
    class SecondHandler {
      @JobHandler(testQueue)
      again() {
        return undefined;
      }
    }
    @Module({ imports: [TestQueueDeclarations], providers: [SecondHandler] })
    class Duplicate {}
    await expect(startQueueHarness({ databaseUrl: db.url, imports: [TestQueueWorker, Duplicate] })).rejects.toThrow(
      /Queue "test.work" has two handlers: TestWorkHandler.work and SecondHandler.again/,
    );
  });

  it('fails at boot when a handler names a queue no module declares', async () => {
    const stray = defineQueue<object>('test.stray');
    @Injectable()
    class StrayHandler {
      @JobHandler(stray)
      handle() {
        return undefined;
      }
    }
    @Module({ providers: [StrayHandler] })
    class Stray {}
    await expect(startQueueHarness({ databaseUrl: db.url, imports: [Stray] })).rejects.toThrow(
      'StrayHandler.handle handles queue "test.stray", which no module declares (QueueModule.forFeature)',
    );
  });
});
