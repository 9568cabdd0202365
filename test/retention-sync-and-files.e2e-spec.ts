import { ObjectStorage } from '../src/storage/object-storage';
import { JobQueue } from '../src/platform/queue/job-queue';
import { pruneEventsQueue } from '../src/webhooks/retention/prune-events.queue';
import { FakeJsonApi } from './support/fake-json-api';
import { postJson, useTestApp, waitFor } from './support/switchyard';
import { pressSyncNow } from './support/sync-now';

interface RunRow {
  status: string;
  created: number;
  updated: number;
  deleted: number;
  unchanged: number;
}

/**
 * The hourly prune removes sync tombstones older than SYNC_TOMBSTONE_RETENTION_DAYS and resume
 * files older than STORED_FILE_RETENTION_DAYS (from the disk storage), keeping younger ones; a
 * resource listed again after its tombstone went is new, and a ledger row whose file went keeps
 * its preview and says the file is gone.
 */
describe('retention of sync tombstones and stored files', () => {
  const ctx = useTestApp({
    env: {
      SYNC_HTTP_ALLOW_PRIVATE: 'true',
      SYNC_TOMBSTONE_RETENTION_DAYS: '30',
      STORED_FILE_RETENTION_DAYS: '7',
      STORAGE_BACKEND: 'disk',
    },
  });
  const api = new FakeJsonApi();

  beforeAll(async () => {
    await api.start();
    api.faultsFor = 'nobody';
    for (const id of [1, 2, 3, 4]) api.set({ id, title: `Talk ${id}` });
  });
  afterAll(() => api.stop());

  const prune = async () => {
    const { id } = await ctx.app.app.get(JobQueue).send(pruneEventsQueue, {});
    return waitFor(async () => {
      const body = (await (await ctx.app.api(`/jobs/${id}`)).json()) as {
        state: string;
        result: { others: Record<string, number> };
      };
      return body.state === 'succeeded' && body.result.others;
    }, 'the prune job');
  };
  const runs = () => ctx.db.query<RunRow>(`SELECT * FROM sync_runs WHERE source = 'talks' ORDER BY started_at`);
  const syncNow = async () => {
    const before = (await runs()).length;
    await pressSyncNow(ctx.app, 'talks');
    return waitFor(async () => (await runs()).slice(before).find((r) => r.status !== 'running'), 'a run', 30_000);
  };
  const descriptions = async () => {
    const res = await ctx.app.api('/webhooks/events?source=talks&limit=100');
    return ((await res.json()) as { events: { description: string }[] }).events.map((e) => e.description).sort();
  };

  it('prunes old tombstones only, and a resource listed again afterwards is simply new', async () => {
    const created = await postJson(ctx.app, '/sync/sources', {
      slug: 'talks',
      connector: 'json',
      settings: {
        url: `${api.url}/pages?src=talks`,
        resource: 'talk',
        itemsPath: 'data',
        titleField: 'title',
        authHeader: 'Authorization',
      },
      secret: `Bearer ${api.token}`,
      intervalSeconds: 3600,
    });
    expect(created.status).toBe(201);
    expect(await syncNow()).toMatchObject({ status: 'succeeded', created: 4 });
    api.remove(2);
    api.remove(3);
    expect(await syncNow()).toMatchObject({ status: 'succeeded', deleted: 2 });
    await ctx.db.query(
      `UPDATE sync_state SET deleted_at = now() - interval '31 days' WHERE source = 'talks' AND external_id = '2'`,
    );
    await ctx.db.query(
      `UPDATE sync_state SET deleted_at = now() - interval '29 days' WHERE source = 'talks' AND external_id = '3'`,
    );

    expect(await prune()).toMatchObject({ sync_tombstones: 1 });
    const state = await ctx.db.query<{ external_id: string; deleted: boolean }>(
      `SELECT external_id, deleted_at IS NOT NULL AS deleted FROM sync_state WHERE source = 'talks' ORDER BY external_id`,
    );
    expect(state).toEqual([
      { external_id: '1', deleted: false },
      { external_id: '3', deleted: true },
      { external_id: '4', deleted: false },
    ]);

    // No stale "deleted" for the pruned one; its return, unchanged, is a new creation of its own.
    expect(await syncNow()).toMatchObject({ status: 'succeeded', created: 0, deleted: 0, unchanged: 2 });
    api.set({ id: 2, title: 'Talk 2' });
    expect(await syncNow()).toMatchObject({ status: 'succeeded', created: 1, deleted: 0, updated: 0 });
    expect(await syncNow()).toMatchObject({ status: 'succeeded', created: 0, unchanged: 3 });
    expect(await descriptions()).toEqual([
      'talk 1 created: Talk 1',
      'talk 2 created: Talk 2',
      'talk 2 created: Talk 2',
      'talk 2 deleted',
      'talk 3 created: Talk 3',
      'talk 3 deleted',
      'talk 4 created: Talk 4',
    ]);
  });

  it('removes resume files older than the limit from storage and marks their ledger rows', async () => {
    const storage = ctx.app.app.get(ObjectStorage);
    expect(storage.kind).toBe('disk');
    const file = (name: string) => ({ sha: name.repeat(64).slice(0, 64), key: `resumes/${name}${name}/${name}.txt` });
    const old = file('a');
    const shared = file('b'); // one old row, one young row: the file stays
    const young = file('c');
    for (const f of [old, shared, young]) await storage.put(f.key, Buffer.from(`resume ${f.sha}`), 'text/plain');
    const row = (f: { sha: string; key: string }, contact: string, age: string) =>
      ctx.db.query<{ id: string }>(
        `INSERT INTO resume_extractions
           (file_sha256, contact_id, extractor_version, object_key, file_name, file_type, file_size, status,
            preview, created_at, finished_at)
         VALUES ($1, $2, 'v1', $3, 'cv.txt', 'txt', 10, 'succeeded', '{"textLength": 10}',
                 now() - $4::interval, now() - $4::interval)
         RETURNING id`,
        [f.sha, contact, f.key, age],
      );
    const [oldRow] = await row(old, '', '8 days');
    await row(shared, '', '30 days');
    await row(shared, 'contact-2', '1 day');
    const [youngRow] = await row(young, '', '6 days');

    expect(await prune()).toMatchObject({ stored_files: 1 });
    expect(await storage.stat(old.key)).toBeNull();
    expect(await storage.stat(shared.key)).not.toBeNull();
    expect(await storage.stat(young.key)).not.toBeNull();

    const view = async (id: string) =>
      (await (await ctx.app.api(`/jobs/resume-extract/${id}`)).json()) as Record<string, unknown>;
    expect(await view(oldRow!.id)).toMatchObject({
      status: 'succeeded',
      preview: { textLength: 10 },
      fileRemoved: true,
      fileNote: expect.stringContaining('removed from storage'),
    });
    expect(await view(youngRow!.id)).toMatchObject({ fileRemoved: false });
    expect(await view(youngRow!.id)).not.toHaveProperty('fileNote');
    expect(await prune()).toMatchObject({ stored_files: 0 });
  });

  it('stores an uploaded resume again when the same file comes back after its removal', async () => {
    const upload = async () => {
      const form = new FormData();
      form.append('file', new Blob([Buffer.from('Jane Doe\njane@example.com\nTypeScript, PostgreSQL\n')]), 'jane.txt');
      const res = await ctx.app.api('/jobs/resume-extract', { method: 'POST', body: form });
      expect(res.status).toBe(202);
      return (await res.json()) as { id: string; duplicate: boolean; fileRemoved: boolean; status: string };
    };
    const first = await upload();
    const settled = await waitFor(async () => {
      const body = (await (await ctx.app.api(`/jobs/resume-extract/${first.id}`)).json()) as { status: string };
      return body.status === 'succeeded' && body;
    }, 'the extraction');
    expect(settled).toMatchObject({ fileRemoved: false });
    const [aged] = await ctx.db.query<{ object_key: string }>(
      `UPDATE resume_extractions SET created_at = now() - interval '8 days' WHERE id = $1 RETURNING object_key`,
      [first.id],
    );
    const key = aged!.object_key;
    const storage = ctx.app.app.get(ObjectStorage);
    expect(await prune()).toMatchObject({ stored_files: 1 });
    expect(await storage.stat(key)).toBeNull();

    const again = await upload();
    expect(again).toMatchObject({ id: first.id, duplicate: true, status: 'succeeded', fileRemoved: false });
    expect(await storage.stat(key)).not.toBeNull();
  });
});
