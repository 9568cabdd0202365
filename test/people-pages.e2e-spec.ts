import { bootstrapBrowser, visibleText } from './support/dashboard';
import { FakeEspoCrm } from './support/fake-espocrm';
import { useTestApp, waitFor } from './support/switchyard';

/** GET /people and the dashboard's People pages, over a cache filled by a real sync from a loopback EspoCRM. */
describe('people search, API and dashboard', () => {
  const espo = new FakeEspoCrm('pages-key');
  beforeAll(() => espo.start());
  const ctx = useTestApp({
    env: {
      get ESPO_BASE_URL() {
        return espo.url;
      },
      ESPO_API_KEY: 'pages-key',
      AUTH_BOOTSTRAP_LOGIN: 'on',
    },
  });
  afterAll(() => espo.stop());
  let session: { cookie: string; csrf: string };
  let jane = '';

  beforeAll(async () => {
    jane = espo.addContact({
      firstName: 'Jane',
      lastName: 'Roe',
      emailAddressData: [{ emailAddress: 'jane@agency.example', primary: true }],
      cDiscordUsername: 'janeroe (ID: 123456789012345678)',
      skills: 'TypeScript, PostgreSQL',
      cSkillAttrs: '{"TypeScript":{"strength":5}}',
      cRoles: ['Developer'],
      cTimezone: 'UTC+1',
    }).id;
    espo.addContact({ firstName: 'John', lastName: 'Doe', emailAddress: 'john@other.example', skills: ['Figma'] });
    espo.addContact({ firstName: '100%_Literal', lastName: 'Person' });
    expect((await ctx.app.api('/sync/people', { method: 'POST' })).status).toBe(202);
    await waitFor(
      async () =>
        (await ctx.db.query('SELECT 1 FROM people')).length === 3 &&
        (await ctx.db.query(`SELECT 1 FROM people_sync_runs WHERE status = 'succeeded'`)).length === 1,
      'the sync',
    );
    const { cookie } = await bootstrapBrowser(ctx.app.url, ctx.db);
    const me = (await (await fetch(`${ctx.app.url}/auth/me`, { headers: { cookie } })).json()) as { csrfToken: string };
    session = { cookie, csrf: me.csrfToken };
  });

  const search = async (query: string) => {
    const res = await ctx.app.api(`/people${query}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { people: { name: string }[]; total: number };
    return body.people.map((p) => p.name);
  };

  it('GET /people?q= finds people by name, e-mail, Discord name and skill', async () => {
    expect(await search('?q=jane')).toEqual(['Jane Roe']);
    expect(await search('?q=agency.example')).toEqual(['Jane Roe']);
    expect(await search('?q=janeroe')).toEqual(['Jane Roe']);
    expect(await search('?q=figma')).toEqual(['John Doe']);
    expect(await search('?q=typescript%20developer')).toEqual(['Jane Roe']);
    expect(await search('?q=100%25_')).toEqual(['100%_Literal Person']);
    expect(await search('?q=_')).toEqual(['100%_Literal Person']);
    expect(await search('')).toHaveLength(3);
    expect(await search('?status=missing_in_crm')).toEqual([]);
  });

  it('GET /people/:id gives the mapped fields; bad input is a 400 with the reason', async () => {
    const [row] = await ctx.db.query<{ id: string }>('SELECT id FROM people WHERE crm_id = $1', [jane]);
    const res = await ctx.app.api(`/people/${row!.id}`);
    expect(await res.json()).toMatchObject({
      crmId: jane,
      primaryEmail: 'jane@agency.example',
      discordUsername: 'janeroe',
      discordUserId: '123456789012345678',
      skills: [
        { name: 'TypeScript', strength: 5 },
        { name: 'PostgreSQL', strength: null },
      ],
      timezone: 'UTC+01:00',
      syncStatus: 'active',
    });
    expect((await ctx.app.api('/people?limit=1000')).status).toBe(400);
    const bad = await ctx.app.api('/people?status=gone');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('status must be active or missing_in_crm');
    expect((await ctx.app.api('/people/not-a-uuid')).status).toBe(400);
    const runs = (await (await ctx.app.api('/sync/people/runs')).json()) as {
      runs: { status: string; created: number }[];
    };
    expect(runs.runs[0]).toMatchObject({ status: 'succeeded', created: 3 });
  });

  it('the People page searches, shows a person and the syncs with their counts', async () => {
    const page = (path: string) => fetch(`${ctx.app.url}${path}`, { headers: { cookie: session.cookie } });
    const list = await page('/dashboard/people?q=typescript');
    expect(list.status).toBe(200);
    const text = visibleText(await list.text());
    expect(text).toContain('Jane Roe');
    expect(text).not.toContain('John Doe');
    expect(text).toMatch(/api .* succeeded 3 3 0 0 0 0/);
    const [row] = await ctx.db.query<{ id: string }>('SELECT id FROM people WHERE crm_id = $1', [jane]);
    const detail = visibleText(await (await page(`/dashboard/people/${row!.id}`)).text());
    expect(detail).toContain('TypeScript (5/5), PostgreSQL');
    expect(detail).toContain('janeroe user id 123456789012345678');
    expect(detail).toContain('in EspoCRM; last changed here');
    expect((await page('/dashboard/people?status=nope')).status).toBe(400);
  });

  it('Sync all people now queues a sync, audited as the admin', async () => {
    const res = await fetch(`${ctx.app.url}/dashboard/people/sync`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: session.csrf }),
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/dashboard/people?done=sync');
    await waitFor(
      async () =>
        (await ctx.db.query(`SELECT 1 FROM people_sync_runs WHERE trigger = 'dashboard' AND status = 'succeeded'`))
          .length === 1,
      'the dashboard sync',
    );
    const [audit] = await ctx.db.query<{ source: string }>(
      `SELECT source FROM audit_events WHERE action = 'people.sync'`,
    );
    expect(audit?.source).toBe('admin_dashboard');
  });
});
