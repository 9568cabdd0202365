import { FakeEspoCrm } from './support/fake-espocrm';
import { Scrape } from './support/prometheus';
import { TEST_API_SECRET, useTestApp, waitFor } from './support/switchyard';

interface Run {
  id: string;
  status: string;
  seen: number;
  created: number;
  changed: number;
  unchanged: number;
  missing: number;
  failed: number;
  error: string | null;
  started_at: Date;
  finished_at: Date | null;
}

/**
 * Full people sync as a job, against a loopback EspoCRM: pages of 10 so a few dozen contacts make
 * several pages; EspoCRM answers 503 twice at most per request before the client gives up.
 */
describe('full people sync', () => {
  const espo = new FakeEspoCrm('sync-key');
  // Before the app starts: its configuration reads the fake's address.
  beforeAll(() => espo.start());
  const ctx = useTestApp({
    env: {
      get ESPO_BASE_URL() {
        return espo.url;
      },
      ESPO_API_KEY: 'sync-key',
      ESPO_MAX_ATTEMPTS: '2',
      CRM_SYNC_PAGE_SIZE: '10',
      CRM_SYNC_ENABLED: 'true',
      JOB_RETRY_BASE_SECONDS: '1',
      JOB_RETRY_MAX_SECONDS: '1',
    },
  });

  const runs = () => ctx.db.query<Run>('SELECT * FROM people_sync_runs ORDER BY started_at');
  const people = () =>
    ctx.db.query<{ crm_id: string; name: string; sync_status: string; xmin: string; primary_email: string | null }>(
      'SELECT crm_id, name, sync_status, xmin::text, primary_email FROM people ORDER BY crm_id',
    );
  /** Asks for a sync over the API and waits for the run it makes to end. */
  async function sync(): Promise<Run> {
    const before = (await runs()).length;
    const res = await ctx.app.api('/sync/people', { method: 'POST' });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ jobId: expect.any(String) });
    return waitFor(async () => {
      const all = await runs();
      const run = all[before];
      return run && run.status === 'succeeded' ? run : undefined;
    }, 'the sync run to succeed');
  }

  it('creates a person per contact over several pages, and a re-run with nothing changed writes nothing', async () => {
    for (let i = 0; i < 25; i++) {
      espo.addContact({ firstName: `P${i}`, lastName: 'Sync', emailAddress: `p${i}@example.com` });
    }
    const first = await sync();
    expect(first).toMatchObject({ seen: 25, created: 25, changed: 0, unchanged: 0, missing: 0, failed: 0 });
    const stored = await people();
    expect(stored).toHaveLength(25);
    expect(espo.requests.filter((r) => r.path === '/api/v1/Contact').map((r) => r.searchParams)).toEqual([
      expect.objectContaining({ offset: 0, maxSize: 10, orderBy: 'createdAt', order: 'asc' }),
      expect.objectContaining({ offset: 10 }),
      expect.objectContaining({ offset: 20 }),
    ]);

    const again = await sync();
    expect(again).toMatchObject({ seen: 25, created: 0, changed: 0, unchanged: 25, missing: 0 });
    // No row version changed: nothing was written, not even a lock.
    expect(await people()).toEqual(stored);
  });

  it('writes only the changed contact and marks a deleted one missing after a complete run', async () => {
    const [changed, deleted] = [...espo.contacts.values()];
    espo.changeContact(changed!.id, { lastName: 'Renamed', name: 'P0 Renamed' });
    espo.deleteContact(deleted!.id);
    const before = new Map((await people()).map((p) => [p.crm_id, p.xmin]));
    const run = await sync();
    expect(run).toMatchObject({ seen: 24, created: 0, changed: 1, unchanged: 23, missing: 1 });
    const after = await people();
    const rewritten = after.filter((p) => before.get(p.crm_id) !== p.xmin).map((p) => p.crm_id);
    expect(rewritten.sort()).toEqual([changed!.id, deleted!.id].sort());
    expect(after.find((p) => p.crm_id === changed!.id)?.name).toBe('P0 Renamed');
    expect(after.find((p) => p.crm_id === deleted!.id)?.sync_status).toBe('missing_in_crm');
  });

  it('a failed page fails the run (reason recorded), marks nobody missing, and the job retries to a complete run', async () => {
    const gone = [...espo.contacts.values()][1]!;
    espo.deleteContact(gone.id);
    // The second page answers 503 to both of the client's attempts.
    espo.beforeListPage = (offset) => {
      if (offset === 0) espo.fail('GET', /^\/api\/v1\/Contact$/, { status: 503, reason: 'Maintenance' }, 2);
      espo.beforeListPage = undefined;
    };
    const count = (await runs()).length;
    expect((await ctx.app.api('/sync/people', { method: 'POST' })).status).toBe(202);
    const failed = await waitFor(async () => (await runs())[count], 'the first attempt');
    await waitFor(async () => (await runs())[count]?.status !== 'running', 'the first attempt to end');
    const [attempt] = await ctx.db.query<Run>('SELECT * FROM people_sync_runs WHERE id = $1', [failed.id]);
    expect(attempt).toMatchObject({
      status: 'failed',
      error: 'EspoCRM did not answer list Contact after 2 attempts: 503 Maintenance',
      missing: 0,
    });
    expect((await people()).find((p) => p.crm_id === gone.id)?.sync_status).toBe('active');

    const retried = await waitFor(async () => {
      const run = (await runs())[count + 1];
      return run?.status === 'succeeded' ? run : undefined;
    }, 'the retry to succeed');
    expect(retried).toMatchObject({ missing: 1 });
    expect((await people()).find((p) => p.crm_id === gone.id)?.sync_status).toBe('missing_in_crm');
  });

  it('keeps everyone when contacts are deleted and created mid-run (a skipped contact is re-read, not marked missing)', async () => {
    const list = [...espo.contacts.values()];
    let created = '';
    espo.beforeListPage = (offset) => {
      if (offset !== 10) return;
      // Deleting a contact of the first page shifts the second page by one: its first contact is skipped.
      espo.deleteContact(list[0]!.id);
      created = espo.addContact({ firstName: 'Newcomer', lastName: 'Mid' }).id;
      espo.beforeListPage = undefined;
    };
    const run = await sync();
    expect(run.missing).toBe(0);
    const stored = await people();
    const active = new Set(stored.filter((p) => p.sync_status === 'active').map((p) => p.crm_id));
    for (const id of espo.contacts.keys()) expect(active.has(id)).toBe(true);
    expect(active.has(created)).toBe(true);
    // The contact deleted after it was seen goes at the next complete run.
    const next = await sync();
    expect(next.missing).toBe(1);
    expect(stored.length).toBe(new Set(stored.map((p) => p.crm_id)).size);
  });

  it('never runs two syncs at once: runs asked for together follow one another', async () => {
    const before = (await runs()).length;
    espo.fail('GET', /^\/api\/v1\/Contact$/, { status: 0, delayMs: 300 }, 3);
    for (let i = 0; i < 3; i++) expect((await ctx.app.api('/sync/people', { method: 'POST' })).status).toBe(202);
    await waitFor(
      async () => {
        const all = await runs();
        return all.length === before + 3 && all.slice(before).every((run) => run.status === 'succeeded');
      },
      'the three syncs to succeed',
      30_000,
    );
    const all = await runs();
    for (let i = 1; i < all.length; i++) {
      expect(all[i]!.started_at.getTime()).toBeGreaterThanOrEqual(all[i - 1]!.finished_at!.getTime());
    }
  });

  it('a refused API key fails the job for good with the reason, and marks nobody missing', async () => {
    const activeBefore = (await people()).filter((p) => p.sync_status === 'active').length;
    espo.fail('GET', /^\/api\/v1\/Contact$/, { status: 401 });
    const res = await ctx.app.api('/sync/people', { method: 'POST' });
    const { jobId } = (await res.json()) as { jobId: string };
    const job = await waitFor(async () => {
      const answer = (await (await ctx.app.api(`/jobs/${jobId}`)).json()) as { state: string; output?: unknown };
      return answer.state === 'dead' ? answer : undefined;
    }, 'the job to die');
    expect(JSON.stringify(job)).toContain('EspoCRM refused list Contact: 401');
    expect((await people()).filter((p) => p.sync_status === 'active').length).toBe(activeBefore);
    // Every request to EspoCRM is counted by operation and status: the refusal and the pages before it.
    const metrics = await Scrape.of(`${ctx.app.url}/metrics`, { authorization: `Bearer ${TEST_API_SECRET}` });
    expect(metrics.value('switchyard_crm_requests_total', { crm: 'espocrm', operation: 'list', status: '401' })).toBe(
      1,
    );
    const pages = espo.requests.filter((r) => r.method === 'GET' && r.path === '/api/v1/Contact' && r.status === 200);
    expect(metrics.value('switchyard_crm_requests_total', { crm: 'espocrm', operation: 'list', status: '200' })).toBe(
      pages.length,
    );
  });

  it('schedules the sync once per cluster at CRM_SYNC_INTERVAL_SECONDS', async () => {
    const schedules = await ctx.db.query<{ name: string; cron: string; key: string }>(
      `SELECT name, cron, key FROM pgboss.schedule WHERE name = 'people.full-sync'`,
    );
    expect(schedules).toEqual([{ name: 'people.full-sync', cron: '*/15 * * * *', key: 'interval' }]);
  });

  afterAll(() => espo.stop());
});
