import { FakeHubspot } from './support/fake-hubspot';
import { postJson, TestApp, useTestApp, waitFor } from './support/switchyard';
import { pressSyncNow } from './support/sync-now';

interface RunRow {
  status: string;
  seen: number;
  created: number;
  updated: number;
  deleted: number;
  unchanged: number;
  pages: number;
  error: string | null;
}

interface EventRow {
  event_type: string;
  description: string;
  body: string;
}

const TOKEN = 'pat-eu1-11111111-2222-3333-4444-555555555555';
const SLUG = 'crm';

/**
 * The hubspot-contacts connector against a loopback HubSpot CRM v3 (token check, `after` cursors,
 * at most 100 a page, 429 with Retry-After): contacts become `crm.contact.*` events in the inbox,
 * once per change of an asked-for property, and a revoked token fails the run with the reason.
 */
describe('sync sources: HubSpot contacts', () => {
  const hubspot = new FakeHubspot(TOKEN);
  const ctx = useTestApp({
    env: {
      SYNC_HTTP_ALLOW_PRIVATE: 'true',
      SYNC_RETRY_AFTER_WAIT_MAX_SECONDS: '3',
      JOB_RETRY_BASE_SECONDS: '1',
      JOB_RETRY_MAX_SECONDS: '2',
    },
  });
  const app = (): TestApp => ctx.app;
  const ids: string[] = [];

  beforeAll(async () => {
    await hubspot.start();
    for (let n = 1; n <= 230; n++) {
      ids.push(
        hubspot.add({ email: `person${n}@example.com`, firstname: `Person`, lastname: `${n}`, hs_email_open: '0' }).id,
      );
    }
  });
  afterAll(() => hubspot.stop());

  const runs = () => ctx.db.query<RunRow>(`SELECT * FROM sync_runs WHERE source = $1 ORDER BY started_at`, [SLUG]);
  const events = () =>
    ctx.db.query<EventRow>(
      `SELECT event_type, description, body FROM webhook_events WHERE source = $1 ORDER BY received_at, id`,
      [SLUG],
    );
  const syncNow = async (): Promise<RunRow> => {
    const before = (await runs()).length;
    await pressSyncNow(app(), SLUG);
    return waitFor(async () => (await runs()).slice(before).find((run) => run.status !== 'running'), 'a run');
  };

  it('adds a HubSpot source, its token sealed; refuses bad settings with reasons', async () => {
    const refused = await postJson(app(), '/sync/sources', {
      slug: 'crm-bad',
      connector: 'hubspot-contacts',
      settings: { baseUrl: 'ftp://nope', properties: ['email', 'First Name'], limit: 500 },
      secret: TOKEN,
      intervalSeconds: 3600,
    });
    expect(refused.status).toBe(400);
    const reasons = JSON.stringify(await refused.json());
    expect(reasons).toContain('baseUrl must be an http(s) URL');
    expect(reasons).toContain('properties must be a list of 1 to 100 HubSpot property names');
    expect(reasons).toContain('hubspot-contacts has no setting \\"limit\\"');

    const res = await postJson(app(), '/sync/sources', {
      slug: SLUG,
      connector: 'hubspot-contacts',
      settings: { baseUrl: hubspot.url, properties: ['email', 'firstname', 'lastname', 'jobtitle'] },
      secret: TOKEN,
      intervalSeconds: 3600,
    });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toMatchObject({ connector: 'hubspot-contacts', resource: 'contact', hasSecret: true });
    expect(JSON.stringify(body)).not.toContain(TOKEN);
    const [row] = await ctx.db.query<{ credentials_sealed: string }>(
      `SELECT credentials_sealed FROM sync_sources WHERE slug = $1`,
      [SLUG],
    );
    expect(row!.credentials_sealed).not.toContain(TOKEN);
  });

  it('pages every contact by the after cursor, 100 at a time, into created events', async () => {
    const run = await syncNow();
    expect(run).toMatchObject({ status: 'succeeded', seen: 230, created: 230, pages: 3, error: null });
    const asked = hubspot.requestsTo(/^\/crm\/v3\/objects\/contacts$/);
    expect(asked.map((r) => r.headers.authorization)).toEqual(Array(3).fill(`Bearer ${TOKEN}`));
    expect(asked.map((r) => r.query.get('limit'))).toEqual(['100', '100', '100']);
    expect(asked.map((r) => r.query.get('after'))).toEqual([
      null,
      Buffer.from(ids[99]!).toString('base64url'),
      Buffer.from(ids[199]!).toString('base64url'),
    ]);
    expect(asked[0]!.query.get('properties')).toBe('email,firstname,lastname,jobtitle');
    const stored = await events();
    expect(stored).toHaveLength(230);
    expect(new Set(stored.map((e) => e.event_type))).toEqual(new Set(['crm.contact.created']));
    expect(stored.map((e) => e.description)).toContain(`contact ${ids[6]} created: Person 7 <person7@example.com>`);
    const payload = JSON.parse(stored.find((e) => e.description.includes('person7@'))!.body) as Record<string, any>;
    expect(payload).toMatchObject({ id: ids[6], properties: { email: 'person7@example.com', jobtitle: null } });
  });

  it('writes nothing on a re-poll, nor when only the modification stamps moved', async () => {
    // A property not asked for changes: HubSpot moves updatedAt and lastmodifieddate all the same.
    hubspot.update(ids[10]!, { hs_email_open: '3' });
    const run = await syncNow();
    expect(run).toMatchObject({ status: 'succeeded', seen: 230, created: 0, updated: 0, deleted: 0, unchanged: 230 });
    expect(await events()).toHaveLength(230);
  });

  it('a changed contact is one updated event, an archived one a deleted event', async () => {
    hubspot.update(ids[41]!, { jobtitle: 'Head of Partnerships' });
    hubspot.archive(ids[150]!);
    hubspot.add({ email: 'new@example.com', firstname: 'Grace', lastname: 'Hopper' });
    const run = await syncNow();
    expect(run).toMatchObject({ status: 'succeeded', seen: 230, created: 1, updated: 1, deleted: 1, unchanged: 228 });
    const fresh = (await events()).slice(230);
    expect(fresh.map((e) => e.event_type).sort()).toEqual([
      'crm.contact.created',
      'crm.contact.deleted',
      'crm.contact.updated',
    ]);
    const updated = fresh.find((e) => e.event_type === 'crm.contact.updated')!;
    expect(updated.description).toBe(`contact ${ids[41]} updated: Person 42 <person42@example.com>`);
    expect(JSON.parse(updated.body)).toMatchObject({ properties: { jobtitle: 'Head of Partnerships' } });
    expect(await syncNow()).toMatchObject({ status: 'succeeded', created: 0, updated: 0, deleted: 0 });
    expect(await events()).toHaveLength(233);
  });

  it('waits out HubSpot’s 429 and its Retry-After within the run', async () => {
    hubspot.rateLimited = 1;
    hubspot.retryAfterSeconds = 1;
    const started = Date.now();
    expect(await syncNow()).toMatchObject({ status: 'succeeded', unchanged: 230 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('an answer that is not a page of contacts fails the run with the reason and applies nothing', async () => {
    hubspot.update(ids[1]!, { firstname: 'Changed, but the next answer is garbage' });
    hubspot.next({ status: 200, body: { status: 'COMPLETE', contacts: [] } });
    const failed = await syncNow();
    expect(failed.status).toBe('failed');
    expect(failed.error).toContain('HubSpot answered something that is not a list of contacts (no results)');
    expect(await events()).toHaveLength(233);
    hubspot.update(ids[1]!, { firstname: 'Person' });
    // The job's retry (or "sync now") gets through once HubSpot answers properly again.
    const recovered = await waitFor(async () => {
      const last = (await runs()).at(-1)!;
      if (last.status === 'failed') await app().api(`/sync/sources/${SLUG}/run`, { method: 'POST' });
      return last.status === 'succeeded' ? last : undefined;
    }, 'a run that recovers');
    expect(recovered).toMatchObject({ created: 0, updated: 0, deleted: 0, unchanged: 230 });
  });

  it('a revoked token fails the run with the reason and applies nothing; a new token recovers', async () => {
    hubspot.update(ids[0]!, { firstname: 'Ada' });
    hubspot.token = 'pat-eu1-rotated';
    const failed = await syncNow();
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/refused the credentials \(401\): .*"Authentication credentials not found/);
    expect(failed.error).not.toContain(TOKEN);
    expect(await events()).toHaveLength(233);

    const patched = await app().api(`/sync/sources/${SLUG}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ secret: 'pat-eu1-rotated' }),
    });
    expect(patched.status).toBe(200);
    const recovered = await waitFor(async () => {
      const last = (await runs()).at(-1)!;
      if (last.status === 'failed') await app().api(`/sync/sources/${SLUG}/run`, { method: 'POST' });
      return last.status === 'succeeded' ? last : undefined;
    }, 'a run with the new token');
    expect(recovered).toMatchObject({ updated: 1, created: 0, deleted: 0 });
  });
});
