import { randomUUID } from 'node:crypto';
import { Module } from '@nestjs/common';
import { JOB_TABLE_COLUMNS, JobTable } from '../src/platform/queue/job-table';
import { defineQueue } from '../src/platform/queue/queue-definition';
import { QueueModule } from '../src/platform/queue/queue.module';
import { queryRunnerDb } from '../src/platform/queue/transaction-db';
import { QueueHarness, startQueueHarness } from './support/queue-harness';
import { createTestDatabase, TestDatabase } from './support/test-database';

const lineQueue = defineQueue<{ n: number }>('test.line', { policy: 'key_strict_fifo', retryLimit: 0 });
const plainQueue = defineQueue<{ n: number }>('test.plain', { retryLimit: 3 });
const exclusiveQueue = defineQueue<{ n: number }>('test.exclusive', { policy: 'exclusive', retryLimit: 2 });

@Module({ imports: [QueueModule.forFeature([lineQueue, plainQueue, exclusiveQueue])] })
class LineQueues {}

/** The raw SQL Switchyard runs on pg-boss's job table (src/platform/queue/job-table.ts), against real pg-boss. */
describe('JobTable (the pgboss.job adapter)', () => {
  let db: TestDatabase;
  let harness: QueueHarness;
  let table: JobTable;

  beforeAll(async () => {
    db = await createTestDatabase();
    harness = await startQueueHarness({ databaseUrl: db.url, imports: [LineQueues], works: false });
    table = harness.app.get(JobTable);
  });
  afterAll(async () => {
    await harness?.close();
    await db?.drop();
  });

  const boss = () => harness.client.boss;
  const send = async (n: number, key = 'channel-1') =>
    (await harness.jobs.send(lineQueue, { n }, { orderingKey: key })).id;
  const fetchOne = async (queue = lineQueue.name) => (await boss().fetch<{ n: number }>(queue))[0];
  const row = async (id: string) =>
    (
      await db.query<{ state: string; singleton_key: string; output: any; start_after: Date }>(
        'SELECT state, singleton_key, output, start_after FROM pgboss.job WHERE id = $1',
        [id],
      )
    )[0]!;

  it('reads columns pg-boss still has, with the types it expects', async () => {
    const columns = await db.query<{ column_name: string; data_type: string; udt_name: string }>(
      `SELECT column_name, data_type, udt_name FROM information_schema.columns
        WHERE table_schema = 'pgboss' AND table_name = 'job'`,
    );
    const actual = Object.fromEntries(
      columns.map((c) => [c.column_name, c.data_type === 'USER-DEFINED' ? c.udt_name : c.data_type]),
    );
    for (const [name, type] of Object.entries(JOB_TABLE_COLUMNS)) expect([name, actual[name]]).toEqual([name, type]);
    const states = await db.query<{ state: string }>(
      `SELECT unnest(enum_range(NULL::pgboss.job_state))::text AS state`,
    );
    expect(states.map((s) => s.state)).toEqual(
      expect.arrayContaining(['created', 'retry', 'active', 'completed', 'cancelled', 'failed']),
    );
  });

  it('locks the jobs queued behind a key in the order pg-boss runs them', async () => {
    const ids = [await send(1), await send(2), await send(3), await send(9, 'channel-2')];
    const runner = harness.dataSource.createQueryRunner();
    await runner.startTransaction();
    try {
      const queued = await table.lockQueuedBehind<{ n: number }>(
        lineQueue.name,
        'channel-1',
        10,
        queryRunnerDb(runner),
      );
      expect(queued.map((job) => job.id)).toEqual(ids.slice(0, 3));
      expect(queued.map((job) => job.data.n)).toEqual([1, 2, 3]);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });

  it('moves a running job out of its key’s line, so the next job of the key runs and the dead one holds nothing', async () => {
    const first = await fetchOne();
    expect(first?.data.n).toBe(1);
    expect(await fetchOne()).toMatchObject({ data: { n: 9 } }); // another key
    expect(await fetchOne()).toBeUndefined(); // channel-1 waits behind its running job
    expect(await table.moveAside(lineQueue.name, first!.id, 0)).toBe(true);
    expect(await table.moveAside(lineQueue.name, first!.id, 0)).toBe(false);
    expect((await row(first!.id)).singleton_key).toBe(`aside:${first!.id}:channel-1`);
    await boss().fail(lineQueue.name, first!.id, { message: 'refused' });
    expect((await row(first!.id)).state).toBe('failed');
    expect(await table.deadHolders(lineQueue.name)).toEqual([]);
    const second = await fetchOne();
    expect(second?.data.n).toBe(2);

    // A dead job that keeps its key holds the line until it is discarded.
    await boss().fail(lineQueue.name, second!.id, { message: 'gone' });
    expect(await fetchOne()).toBeUndefined();
    expect(await table.deadHolders(lineQueue.name, 'channel-1')).toEqual([
      expect.objectContaining({ id: second!.id, key: 'channel-1' }),
    ]);
    expect((await table.deadIds(lineQueue.name, 10)).sort()).toEqual([first!.id, second!.id].sort());
    expect(await table.discardDead(lineQueue.name, [second!.id, first!.id], 'tester')).toHaveLength(2);
    expect(await table.deadIds(lineQueue.name, 10)).toEqual([]);
    expect(await row(second!.id)).toMatchObject({
      state: 'cancelled',
      output: { discarded: true, by: 'tester', lastError: { message: 'gone' } },
    });
    expect((await fetchOne())?.data.n).toBe(3);
  });

  it('lets a running exclusive job step aside for its follow-up, and finds and hurries the key’s holder', async () => {
    const key = 'source-1';
    const sendExclusive = async (n: number, startAfter?: Date) =>
      harness.jobs.send(exclusiveQueue, { n }, { jobId: randomUUID(), orderingKey: key, startAfter });
    const first = await sendExclusive(1);
    expect(first.created).toBe(true);
    // The policy: a second job of the key is refused while the first is queued…
    expect((await sendExclusive(2)).created).toBe(false);
    expect(await table.holderOf(exclusiveQueue.name, key)).toMatchObject({ id: first.id, state: 'created' });
    const running = await fetchOne(exclusiveQueue.name);
    expect(running!.id).toBe(first.id);
    // …and while it runs.
    expect((await sendExclusive(3)).created).toBe(false);
    expect(await table.holderOf(exclusiveQueue.name, key)).toMatchObject({ id: first.id, state: 'active' });
    expect(await table.dueNow(exclusiveQueue.name, key)).toBe(false);

    expect(await table.stepAside(exclusiveQueue.name, first.id, 1)).toBe(false); // not this attempt
    expect(await table.stepAside(exclusiveQueue.name, first.id, 0)).toBe(true);
    expect(await table.stepAside(exclusiveQueue.name, first.id, 0)).toBe(false); // already aside
    expect((await row(first.id)).singleton_key).toBe(`ran:${first.id}:${key}`);
    const followUp = await sendExclusive(4, new Date(Date.now() + 3_600_000));
    expect(followUp.created).toBe(true);
    expect(await table.holderOf(exclusiveQueue.name, key)).toMatchObject({ id: followUp.id, state: 'created' });
    expect(await table.dueNow(exclusiveQueue.name, key)).toBe(true);
    expect((await row(followUp.id)).start_after.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    await boss().complete(exclusiveQueue.name, first.id);
    expect((await row(first.id)).state).toBe('completed');
  });

  it('puts a running attempt back to retry at a chosen time, unless it was the last', async () => {
    const { id } = await harness.jobs.send(plainQueue, { n: 1 });
    const job = await fetchOne(plainQueue.name);
    const at = new Date(Date.now() + 3600_000);
    expect(await table.retryAt(plainQueue.name, id, job!.retryCount + 1, at, { message: 'x' })).toBe(false);
    expect(await table.retryAt(plainQueue.name, id, job!.retryCount, at, { message: 'Retry-After' })).toBe(true);
    expect(await row(id)).toMatchObject({ state: 'retry', output: { message: 'Retry-After' } });
    expect(Math.abs((await row(id)).start_after.getTime() - at.getTime())).toBeLessThan(1000);
    expect(await fetchOne(plainQueue.name)).toBeUndefined();
    expect([...(await table.existing(plainQueue.name, [id, '00000000-0000-4000-8000-000000000000']))]).toEqual([id]);

    await db.query(`UPDATE pgboss.job SET retry_count = retry_limit, state = 'active' WHERE id = $1`, [id]);
    expect(await table.retryAt(plainQueue.name, id, 3, at, { message: 'last' })).toBe(false);
  });

  it('pages jobs newest first and counts a backlog by state, the deferred ones not yet due', async () => {
    const countQueue = { name: 'test.count' };
    await boss().createQueue(countQueue.name);
    const sent: string[] = [];
    for (let n = 1; n <= 3; n++) sent.push((await boss().send(countQueue.name, { n }))!);
    await boss().send(countQueue.name, { n: 4 }, { startAfter: 3600 });
    await db.query(
      `UPDATE pgboss.job SET created_on = created_on - interval '1 minute', start_after = start_after - interval '1 minute'
        WHERE id = $1`,
      [sent[0]],
    );

    const depths = await table.depths([countQueue.name]);
    expect(depths.sort((a, b) => a.state.localeCompare(b.state))).toEqual([
      { queue: countQueue.name, state: 'created', count: 3, oldestDueSeconds: expect.any(Number) },
      { queue: countQueue.name, state: 'deferred', count: 1, oldestDueSeconds: null },
    ]);
    expect(depths[0]!.oldestDueSeconds).toBeGreaterThanOrEqual(60);
    expect(await table.queueNames()).toContain(countQueue.name);

    const first = await table.page({ queues: [countQueue.name], state: 'created', limit: 2 });
    expect(first.map((job) => job.data)).toEqual([{ n: 4 }, { n: 3 }]);
    const last = first[first.length - 1]!;
    const rest = await table.page({ queues: [countQueue.name], limit: 5, before: { at: last.keyset_at, id: last.id } });
    expect(rest.map((job) => job.data)).toEqual([{ n: 2 }, { n: 1 }]);
    expect(await table.find([countQueue.name], sent[1]!)).toMatchObject({
      id: sent[1],
      state: 'created',
      data: { n: 2 },
    });
    expect(await table.find([plainQueue.name], sent[1]!)).toBeUndefined();
  });
});
