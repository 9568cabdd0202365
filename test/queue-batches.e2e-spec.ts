import { randomUUID } from 'node:crypto';
import { JobBatch } from '../src/platform/queue/job-queue';
import {
  CheapJob,
  cheapOrderedQueue,
  cheapQueue,
  CheapQueueDeclarations,
  CheapQueueWorker,
  cheapRuns,
} from './support/fixtures/cheap-queues';
import { QueueHarness, startQueueHarness } from './support/queue-harness';
import { waitFor } from './support/switchyard';
import { createTestDatabase, TestDatabase } from './support/test-database';

describe('queues worked in big batches (cheap: true)', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  /** Sends the jobs one statement after another with no worker running, so they wait as a backlog. */
  async function backlog(jobs: { queue: typeof cheapQueue; data: CheapJob; orderingKey?: string }[]) {
    const sender = await startQueueHarness({ databaseUrl: db.url, imports: [CheapQueueDeclarations], works: false });
    try {
      const ids: string[] = [];
      for (const job of jobs)
        ids.push((await sender.jobs.send(job.queue, job.data, { orderingKey: job.orderingKey })).id);
      return ids;
    } finally {
      await sender.close();
    }
  }

  const states = async (ids: string[]) =>
    new Map(
      (
        await db.query<{ id: string; state: string; retry_count: number }>(
          'SELECT id, state, retry_count FROM pgboss.job WHERE id = ANY($1)',
          [ids],
        )
      ).map((row) => [row.id, row]),
    );

  it('settles each job of a big batch on its own: a failure retries only itself, a permanent one dies alone', async () => {
    const size = 60;
    const barrier = { group: 'settle', size };
    const ids = await backlog(
      Array.from({ length: size }, (_, i) => ({
        queue: cheapQueue,
        data: { label: `settle ${i}`, barrier, outcome: i === 7 ? 'fail' : i === 42 ? 'permanent' : 'ok' },
      })),
    );
    const failing = ids[7]!;
    const permanent = ids[42]!;
    const worker = await startQueueHarness({ databaseUrl: db.url, imports: [CheapQueueWorker] });
    try {
      const settled = await waitFor(
        async () => {
          const rows = await states(ids);
          return [...rows.values()].every((row) => row.state === 'completed' || row.state === 'failed') && rows;
        },
        'every job to settle',
        45_000,
      );
      // All sixty ran at once (each waited for the others), so they came in big batches.
      const runs = cheapRuns.filter((run) => ids.includes(run.jobId));
      expect(runs.filter((run) => run.retryCount === 0).every((run) => run.barrierMet)).toBe(true);
      // The failing job used its three attempts; the permanent one died on its first; no other job ran twice.
      expect(runs.filter((run) => run.jobId === failing).map((run) => run.retryCount)).toEqual([0, 1, 2]);
      expect(runs.filter((run) => run.jobId === permanent)).toHaveLength(1);
      expect(settled.get(failing)).toMatchObject({ state: 'failed', retry_count: 2 });
      expect(settled.get(permanent)).toMatchObject({ state: 'failed', retry_count: 0 });
      const neighbours = ids.filter((id) => id !== failing && id !== permanent);
      for (const id of neighbours) {
        expect(settled.get(id)).toMatchObject({ state: 'completed', retry_count: 0 });
        expect(runs.filter((run) => run.jobId === id)).toHaveLength(1);
      }
    } finally {
      await worker.close();
    }
  }, 90_000);

  it('keeps each key in order, one job at a time, while big batches run many keys at once', async () => {
    const keys = Array.from({ length: 30 }, (_, k) => `channel-${k}`);
    const perKey = 5;
    const sent: { queue: typeof cheapQueue; data: CheapJob; orderingKey: string }[] = [];
    for (let n = 0; n < perKey; n++) {
      for (const key of keys) {
        sent.push({
          queue: cheapOrderedQueue,
          orderingKey: key,
          data: {
            label: `${key}#${n}`,
            key,
            // Every key's first job waits for the other keys' first jobs: only big batches get them all.
            barrier: n === 0 ? { group: 'first of each key', size: keys.length } : undefined,
            workMs: Math.floor(Math.random() * 15),
          },
        });
      }
    }
    const ids = await backlog(sent);
    const worker = await startQueueHarness({ databaseUrl: db.url, imports: [CheapQueueWorker] });
    try {
      await waitFor(
        async () => [...(await states(ids)).values()].every((row) => row.state === 'completed'),
        'every job to complete',
        60_000,
      );
      const runs = cheapRuns.filter((run) => ids.includes(run.jobId));
      expect(runs.filter((run) => run.label.endsWith('#0')).every((run) => run.barrierMet)).toBe(true);
      for (const key of keys) {
        const ofKey = runs.filter((run) => run.key === key);
        expect(ofKey.map((run) => run.label)).toEqual(Array.from({ length: perKey }, (_, n) => `${key}#${n}`));
        // Each job of a key started only after the one before it had finished.
        for (let n = 1; n < ofKey.length; n++) expect(ofKey[n]!.startStep).toBeGreaterThan(ofKey[n - 1]!.finishStep!);
      }
    } finally {
      await worker.close();
    }
  }, 90_000);

  describe('fetching again right after a batch', () => {
    let worker: QueueHarness;
    let wakes: jest.SpyInstance;

    beforeAll(async () => {
      worker = await startQueueHarness({
        databaseUrl: db.url,
        imports: [CheapQueueWorker],
        env: { WORKER_CHEAP_BATCH_SIZE: '5' },
      });
      wakes = jest.spyOn(worker.client.boss, 'notifyWorker');
    });
    afterAll(async () => {
      wakes?.mockRestore();
      await worker?.close();
    });

    const completed = (ids: string[]) =>
      waitFor(
        async () => [...(await states(ids)).values()].every((row) => row.state === 'completed'),
        'the jobs to complete',
        30_000,
      );

    it('does not after a short batch: the queue is drained, and new jobs NOTIFY', async () => {
      wakes.mockClear();
      const { id } = await worker.jobs.send(cheapQueue, { label: 'lone' });
      await completed([id]);
      expect(wakes).not.toHaveBeenCalled();
    });

    it('does after a full batch, waking every loop of the queue', async () => {
      wakes.mockClear();
      // Forty jobs in one commit: each of the four loops finds at least 25 unclaimed, so its batch of 5 is full.
      const batch = new JobBatch();
      const ids: string[] = [];
      for (let i = 0; i < 40; i++) {
        ids.push((await worker.jobs.send(cheapQueue, { label: `full ${i}` }, { jobId: randomUUID(), batch })).id);
      }
      const runner = worker.dataSource.createQueryRunner();
      await runner.connect();
      try {
        await runner.startTransaction();
        await worker.jobs.flush(batch, runner);
        await runner.commitTransaction();
      } finally {
        await runner.release();
      }
      await completed(ids);
      expect(wakes).toHaveBeenCalled();
    });

    it('does after any batch on a key_strict_fifo queue: settling it makes the next job of its key fetchable', async () => {
      wakes.mockClear();
      const { id } = await worker.jobs.send(cheapOrderedQueue, { label: 'lone ordered' }, { orderingKey: 'k' });
      await completed([id]);
      expect(wakes).toHaveBeenCalled();
    });
  });
});
