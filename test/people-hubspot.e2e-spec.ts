import { bootstrapBrowser, visibleText } from './support/dashboard';
import { FakeEspoCrm } from './support/fake-espocrm';
import { FakeHubspot } from './support/fake-hubspot';
import { postJson, useTestApp, waitFor } from './support/switchyard';
import { pressSyncNow } from './support/sync-now';

interface PersonRow {
  id: string;
  crm: string;
  crm_id: string;
  name: string | null;
  sync_status: string;
  xmin: string;
}

interface JobRow {
  state: string;
  output: Record<string, unknown> | null;
}

const TOKEN = 'pat-eu1-aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const SLUG = 'hubspot-people';

/**
 * HubSpot as the people cache's second CRM: a hubspot-contacts sync source with `feedPeople`,
 * against a loopback HubSpot, fills `people` with crm `hubspot` (the mapped properties asked for),
 * follows changes and archives, never collides with an EspoCRM contact of the same id, and is
 * searched with EspoCRM's people in the API and on the dashboard. A source without the flag feeds
 * nothing, and EspoCRM's full sync leaves HubSpot's people alone.
 */
describe('people cache: HubSpot contacts', () => {
  const hubspot = new FakeHubspot(TOKEN);
  const espo = new FakeEspoCrm('hub-espo-key');
  beforeAll(() => Promise.all([hubspot.start(), espo.start()]));
  const ctx = useTestApp({
    env: {
      get ESPO_BASE_URL() {
        return espo.url;
      },
      ESPO_API_KEY: 'hub-espo-key',
      SYNC_HTTP_ALLOW_PRIVATE: 'true',
      AUTH_BOOTSTRAP_LOGIN: 'on',
      HUBSPOT_GITHUB_PROPERTY: 'gh_handle',
    },
  });
  afterAll(() => Promise.all([hubspot.stop(), espo.stop()]));

  let ada = '';
  let bob = '';
  let carol = '';

  const people = (crm: string) =>
    ctx.db.query<PersonRow>(
      'SELECT id, crm, crm_id, name, sync_status, xmin::text FROM people WHERE crm = $1 ORDER BY crm_id',
      [crm],
    );
  const jobs = () =>
    ctx.db.query<JobRow>(
      `SELECT state, output FROM pgboss.job WHERE name = 'people.hubspot-contact' ORDER BY created_on`,
    );
  /** Every event routed and every people job of them finished. */
  const settled = async () =>
    (await ctx.db.query(`SELECT 1 FROM webhook_events WHERE routing_status <> 'routed'`)).length === 0 &&
    (await jobs()).every((job) => job.state === 'completed');
  const syncNow = async (slug = SLUG) => {
    const before = (await ctx.db.query('SELECT 1 FROM sync_runs WHERE source = $1', [slug])).length;
    await pressSyncNow(ctx.app, slug);
    await waitFor(
      async () =>
        (
          await ctx.db.query<{ status: string }>('SELECT status FROM sync_runs WHERE source = $1 ORDER BY started_at', [
            slug,
          ])
        ).slice(before)[0]?.status === 'succeeded',
      `a run of ${slug}`,
    );
    await waitFor(settled, 'the events routed and applied');
  };

  beforeAll(async () => {
    // EspoCRM holds a contact whose id is the one HubSpot gives its first contact.
    espo.addContact({ id: '1001', firstName: 'Espo', lastName: 'Ada', emailAddress: 'ada@espo.example' });
    espo.addContact({ firstName: 'Grace', lastName: 'Espo', skills: ['COBOL'] });
    expect((await ctx.app.api('/sync/people', { method: 'POST' })).status).toBe(202);
    await waitFor(async () => (await people('espocrm')).length === 2, 'the EspoCRM full sync');

    ada = hubspot.add({
      firstname: 'Ada',
      lastname: 'Lovelace',
      email: 'Ada@Example.com',
      hs_additional_emails: 'ada@old.example;ADA@example.com; ada@second.example',
      phone: '+44 20 7946 0000',
      city: 'London',
      country: 'United Kingdom',
      jobtitle: 'CTO',
      discord_username: '@adal',
      discord_user_id: '123456789012345678',
      gh_handle: 'https://github.com/adalovelace',
      linkedin_url: 'ada-lovelace',
      skills: 'TypeScript;Go',
      seniority: 'Senior',
      timezone: 'UTC+1',
      lifecyclestage: 'lead',
    }).id;
    bob = hubspot.add({ firstname: 'Bob', lastname: 'Before', email: 'bob@example.com', lifecyclestage: 'lead' }).id;
    carol = hubspot.add({ firstname: 'Carol', lastname: 'Gone', email: 'carol@example.com' }).id;
    expect(ada).toBe('1001');
  });

  it('a source without feedPeople makes contact events and no people', async () => {
    const res = await postJson(ctx.app, '/sync/sources', {
      slug: 'hubspot-events-only',
      connector: 'hubspot-contacts',
      settings: { baseUrl: hubspot.url },
      secret: TOKEN,
      intervalSeconds: 3600,
    });
    expect(res.status).toBe(201);
    await syncNow('hubspot-events-only');
    const events = await ctx.db.query('SELECT 1 FROM webhook_events WHERE source = $1', ['hubspot-events-only']);
    expect(events).toHaveLength(3);
    expect(await people('hubspot')).toEqual([]);
    expect(await jobs()).toEqual([]);
  });

  it('refuses a feedPeople that is not true or false', async () => {
    const res = await postJson(ctx.app, '/sync/sources', {
      slug: 'hubspot-bad',
      connector: 'hubspot-contacts',
      settings: { baseUrl: hubspot.url, feedPeople: 'yes' },
      secret: TOKEN,
      intervalSeconds: 3600,
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain('feedPeople must be true or false');
  });

  it('a feedPeople source asks HubSpot for the people properties and fills people with crm hubspot', async () => {
    const res = await postJson(ctx.app, '/sync/sources', {
      slug: SLUG,
      connector: 'hubspot-contacts',
      settings: { baseUrl: hubspot.url, feedPeople: true },
      secret: TOKEN,
      intervalSeconds: 3600,
    });
    expect(res.status).toBe(201);
    const asked = hubspot.requestsTo(/^\/crm\/v3\/objects\/contacts$/).length;
    await syncNow();
    const request = hubspot.requestsTo(/^\/crm\/v3\/objects\/contacts$/)[asked]!;
    const properties = request.query.get('properties')!.split(',');
    for (const name of ['email', 'lifecyclestage', 'hs_additional_emails', 'city', 'country', 'jobtitle']) {
      expect(properties).toContain(name);
    }
    for (const name of ['gh_handle', 'discord_user_id', 'discord_username', 'linkedin_url', 'skills', 'seniority']) {
      expect(properties).toContain(name);
    }
    expect(properties).not.toContain('github_username');

    const rows = await people('hubspot');
    expect(rows.map((row) => [row.crm_id, row.name, row.sync_status])).toEqual([
      [ada, 'Ada Lovelace', 'active'],
      [bob, 'Bob Before', 'active'],
      [carol, 'Carol Gone', 'active'],
    ]);
    const outputs = (await jobs())
      .map((job) => job.output!)
      .sort((a, b) => String(a.crmId).localeCompare(String(b.crmId)));
    expect(outputs).toEqual([ada, bob, carol].map((crmId) => expect.objectContaining({ crmId, created: 1 })));
    const person = (await (await ctx.app.api(`/people/${rows[0]!.id}`)).json()) as Record<string, unknown>;
    expect(person).toMatchObject({
      crm: 'hubspot',
      crmId: ada,
      firstName: 'Ada',
      lastName: 'Lovelace',
      primaryEmail: 'ada@example.com',
      otherEmails: ['ada@old.example', 'ada@second.example'],
      phone: '+44 20 7946 0000',
      location: 'London, United Kingdom',
      roles: ['CTO'],
      discordUsername: 'adal',
      discordUserId: '123456789012345678',
      githubUsername: 'adalovelace',
      linkedin: 'https://www.linkedin.com/in/ada-lovelace',
      skills: [
        { name: 'TypeScript', strength: null },
        { name: 'Go', strength: null },
      ],
      seniority: 'Senior',
      timezone: 'UTC+01:00',
      resumes: [],
      syncStatus: 'active',
    });
  });

  it('a HubSpot and an EspoCRM contact with the same id are two people', async () => {
    const rows = await ctx.db.query<{ crm: string; name: string }>(
      `SELECT crm, name FROM people WHERE crm_id = '1001' ORDER BY crm`,
    );
    expect(rows).toEqual([
      { crm: 'espocrm', name: 'Espo Ada' },
      { crm: 'hubspot', name: 'Ada Lovelace' },
    ]);
  });

  it('a change of a property it does not map writes no row; a mapped change updates the row', async () => {
    const before = new Map((await people('hubspot')).map((row) => [row.crm_id, row.xmin]));
    const done = (await jobs()).length;
    hubspot.update(bob, { lifecyclestage: 'customer' });
    await syncNow();
    const unchanged = await jobs();
    expect(unchanged.slice(done).map((job) => job.output)).toEqual([
      expect.objectContaining({ crmId: bob, created: 0, changed: 0, unchanged: 1 }),
    ]);
    expect(new Map((await people('hubspot')).map((row) => [row.crm_id, row.xmin]))).toEqual(before);

    hubspot.update(bob, { lastname: 'After' });
    await syncNow();
    const rows = await people('hubspot');
    expect(rows.find((row) => row.crm_id === bob)?.name).toBe('Bob After');
    expect(rows.filter((row) => row.xmin !== before.get(row.crm_id)).map((row) => row.crm_id)).toEqual([bob]);
  });

  it('an archived contact becomes missing_in_crm, kept; a replayed older event changes nothing', async () => {
    hubspot.archive(carol);
    await syncNow();
    const rows = await people('hubspot');
    expect(rows.find((row) => row.crm_id === carol)?.sync_status).toBe('missing_in_crm');
    expect(rows).toHaveLength(3);

    const [created] = await ctx.db.query<{ id: string }>(
      `SELECT id FROM webhook_events WHERE source = $1 AND event_type = $2 AND body LIKE $3`,
      [SLUG, `${SLUG}.contact.created`, `%"id":"${bob}"%`],
    );
    const done = (await jobs()).length;
    expect((await ctx.app.api(`/webhooks/events/${created!.id}/replay`, { method: 'POST' })).status).toBe(202);
    await waitFor(async () => (await jobs()).length > done && (await settled()), 'the replay applied');
    expect((await jobs())[done]!.output).toMatchObject({
      crmId: bob,
      skipped: 'this or a newer event of the contact was applied already',
    });
    expect((await people('hubspot')).find((row) => row.crm_id === bob)?.name).toBe('Bob After');
  });

  it("EspoCRM's full sync leaves HubSpot's people as they are", async () => {
    const before = await people('hubspot');
    expect((await ctx.app.api('/sync/people', { method: 'POST' })).status).toBe(202);
    await waitFor(
      async () => (await ctx.db.query(`SELECT 1 FROM people_sync_runs WHERE status = 'succeeded'`)).length === 2,
      'the second EspoCRM full sync',
    );
    expect(await people('hubspot')).toEqual(before);
    expect((await people('espocrm')).map((row) => row.sync_status)).toEqual(['active', 'active']);
    // HubSpot's people are not EspoCRM's to confirm: none of their ids is looked up there.
    expect(espo.count('GET', new RegExp(`^/api/v1/Contact/(${bob}|${carol})$`))).toBe(0);
  });

  it('GET /people searches both CRMs and says which each person comes from; crm= narrows it', async () => {
    const search = async (query: string) => {
      const res = await ctx.app.api(`/people${query}`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { people: { crm: string; crmId: string; name: string }[] };
      return body.people.map((p) => `${p.crm}:${p.name}`);
    };
    expect(await search('?q=ada')).toEqual(['hubspot:Ada Lovelace', 'espocrm:Espo Ada']);
    expect(await search('?q=ada&crm=hubspot')).toEqual(['hubspot:Ada Lovelace']);
    expect(await search('?q=typescript')).toEqual(['hubspot:Ada Lovelace']);
    expect(await search('?crm=espocrm')).toEqual(['espocrm:Espo Ada', 'espocrm:Grace Espo']);
    expect(await search('?status=missing_in_crm')).toEqual(['hubspot:Carol Gone']);
    const bad = await ctx.app.api('/people?crm=salesforce');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('crm must be espocrm or hubspot');
  });

  it('the People page lists both CRMs and a HubSpot person says where it comes from', async () => {
    const { cookie } = await bootstrapBrowser(ctx.app.url, ctx.db);
    const page = (path: string) => fetch(`${ctx.app.url}${path}`, { headers: { cookie } });
    const list = visibleText(await (await page('/dashboard/people?q=ada')).text());
    expect(list).toContain('2 people.');
    expect(list).toMatch(/Ada Lovelace.*HubSpot\s+in HubSpot/s);
    expect(list).toMatch(/Espo Ada.*EspoCRM\s+in EspoCRM/s);
    const hubspotOnly = visibleText(await (await page('/dashboard/people?crm=hubspot')).text());
    expect(hubspotOnly).toContain('3 people.');
    expect(hubspotOnly).not.toContain('Espo Ada');
    const [carolRow] = (await people('hubspot')).filter((row) => row.crm_id === carol);
    const detail = visibleText(await (await page(`/dashboard/people/${carolRow!.id}`)).text());
    expect(detail).toContain('Missing in HubSpot');
    expect(detail).toContain(`HubSpot contact ${carol}`);
    expect(detail).not.toContain('open in EspoCRM');
  });
});
