import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { JobBatch } from '../src/platform/queue/job-queue';
import { cheapQueue, CheapQueueWorker, cheapRuns } from './support/fixtures/cheap-queues';
import { seen, testQueue, TestQueueDeclarations, TestQueueWorker } from './support/fixtures/test-queues';
import { ROOT, spawnChild } from './support/child-process';
import { jobRecord, startQueueHarness } from './support/queue-harness';
import { waitFor } from './support/switchyard';
import { createTestDatabase, TestDatabase } from './support/test-database';

describe('worker shutdown', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  const state = async (id: string) => (await jobRecord({ dataSource: { query: db.query } as never }, id))?.state;
  const until = (id: string, wanted: string, timeoutMs = 30_000) =>
    waitFor(async () => (await state(id)) === wanted, `job ${id} to be ${wanted}`, timeoutMs);

  it('on close stops fetching and lets a running job finish', async () => {
    const worker = await startQueueHarness({ databaseUrl: db.url, imports: [TestQueueWorker] });
    const { id } = await worker.jobs.send(testQueue, { label: 'graceful', workMs: 1500 });
    await waitFor(async () => seen.some((s) => s.jobId === id), 'the job to start');
    await worker.close();
    expect(seen.find((s) => s.jobId === id)!.finished).toBeDefined();
    await until(id, 'completed');
  });

  it('on close lets a whole big batch of a cheap queue finish', async () => {
    const worker = await startQueueHarness({ databaseUrl: db.url, imports: [TestQueueWorker, CheapQueueWorker] });
    const size = 40;
    // One commit, so the loops fetch them in big batches; each job waits until all forty run.
    const batch = new JobBatch();
    const ids: string[] = [];
    for (let i = 0; i < size; i++) {
      const data = { label: `drain ${i}`, barrier: { group: 'drain', size }, workMs: 1000 };
      ids.push((await worker.jobs.send(cheapQueue, data, { jobId: randomUUID(), batch })).id);
    }
    const runner = worker.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    await worker.jobs.flush(batch, runner);
    await runner.commitTransaction();
    await runner.release();
    const runs = () => cheapRuns.filter((run) => ids.includes(run.jobId));
    await waitFor(async () => runs().length === size && runs().every((run) => run.barrierMet), 'all forty to run');
    await worker.close();
    expect(runs().every((run) => run.finishStep !== undefined)).toBe(true);
    for (const id of ids) expect(await state(id)).toBe('completed');
  });

  it('fails a job still running after the grace period back to the queue, and another worker runs it', async () => {
    const worker = await startQueueHarness({
      databaseUrl: db.url,
      imports: [TestQueueWorker],
      env: { WORKER_SHUTDOWN_TIMEOUT_SECONDS: '1' },
    });
    const { id } = await worker.jobs.send(testQueue, { label: 'too slow', workMs: 4000 });
    await waitFor(async () => seen.some((s) => s.jobId === id), 'the job to start');
    await worker.close();
    expect(await state(id)).toBe('retry');

    const next = await startQueueHarness({ databaseUrl: db.url, imports: [TestQueueWorker] });
    try {
      await until(id, 'completed');
      expect(seen.filter((s) => s.jobId === id).map((s) => s.retryCount)).toEqual([0, 1]);
    } finally {
      await next.close();
    }
  });

  it('runs a job again after its worker process is killed with SIGKILL mid-job', async () => {
    const child = spawnChild(process.execPath, [
      '-r',
      '@swc-node/register',
      join(ROOT, 'test/support/fixtures/test-worker-process.ts'),
      db.url,
    ]);
    try {
      await child.waitForOutput(/^ready$/m, 30_000);
      const sender = await startQueueHarness({ databaseUrl: db.url, imports: [TestQueueDeclarations], works: false });
      const { id } = await sender.jobs.send(testQueue, { label: 'orphaned', workMs: 60_000 });
      await sender.close();
      await child.waitForOutput(new RegExp(`started ${id}`));
      child.process.kill('SIGKILL');
      await child.exited;
      expect(await state(id)).toBe('active');

      // The job's heartbeat (10 s) lapses; the supervisor fails it back and this worker retries it.
      const rescuer = await startQueueHarness({
        databaseUrl: db.url,
        imports: [TestQueueWorker],
        env: { JOB_HEARTBEAT_SECONDS: '10', QUEUE_SUPERVISE_INTERVAL_SECONDS: '1' },
      });
      try {
        await waitFor(async () => seen.some((s) => s.jobId === id), 'the job to run again', 45_000);
        expect(seen.find((s) => s.jobId === id)!.retryCount).toBe(1);
      } finally {
        await rescuer.close();
      }
    } finally {
      child.process.kill('SIGKILL');
    }
  }, 90_000);
});
