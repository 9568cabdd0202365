import { FakeEspoCrm } from './support/fake-espocrm';
import { useTestApp, waitFor } from './support/switchyard';

const SYNC_TOKEN = 'people-sync-token-123';

/** Webhooks to re-reads: the people-sync contract and EspoCRM's own contact webhooks, registered through its API. */
describe('incremental people sync', () => {
  const espo = new FakeEspoCrm('inc-key');
  beforeAll(() => espo.start());
  const ctx = useTestApp({
    env: {
      get ESPO_BASE_URL() {
        return espo.url;
      },
      ESPO_API_KEY: 'inc-key',
      CRM_REFRESH_DEBOUNCE_SECONDS: '2',
    },
  });
  afterAll(() => espo.stop());

  const person = async (crmId: string) =>
    (
      await ctx.db.query<{ last_name: string | null; sync_status: string }>(
        'SELECT last_name, sync_status FROM people WHERE crm_id = $1',
        [crmId],
      )
    )[0];
  const reads = (crmId: string) => espo.count('GET', new RegExp(`^/api/v1/Contact/${crmId}$`));
  const postSync = (body: unknown) =>
    fetch(`${ctx.app.url}/webhooks/espocrm/people-sync`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-sync-token': SYNC_TOKEN },
      body: JSON.stringify(body),
    });
  /** Just after a debounce window starts, so a quick burst falls in one window. */
  const windowStart = () => new Promise((resolve) => setTimeout(resolve, 2000 - (Date.now() % 2000) + 20));

  let contacts: string[] = [];
  beforeAll(async () => {
    contacts = [1, 2, 3, 4].map((i) => espo.addContact({ firstName: `Inc${i}`, lastName: 'Before' }).id);
    expect((await ctx.app.api('/sync/people', { method: 'POST' })).status).toBe(202);
    await waitFor(async () => (await person(contacts[3]!))?.last_name === 'Before', 'the first full sync');
    const made = await ctx.app.api('/webhooks/sources', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        slug: 'espocrm-people-sync',
        provider: 'generic',
        secret: SYNC_TOKEN,
        settings: { mode: 'token', header: 'X-Sync-Token' },
      }),
    });
    expect(made.status).toBe(201);
  });

  it('POST /webhooks/espocrm/people-sync with [{id}] re-reads each contact once', async () => {
    espo.changeContact(contacts[0]!, { lastName: 'Synced' });
    espo.changeContact(contacts[1]!, { lastName: 'Synced' });
    const res = await postSync([{ id: contacts[0] }, { id: contacts[1] }]);
    expect(res.status).toBe(202);
    await waitFor(async () => (await person(contacts[1]!))?.last_name === 'Synced', 'the re-read');
    expect((await person(contacts[0]!))?.last_name).toBe('Synced');
    expect([reads(contacts[0]!), reads(contacts[1]!)]).toEqual([1, 1]);
  });

  it('collapses a burst of webhooks for one contact into one read', async () => {
    const id = contacts[2]!;
    espo.changeContact(id, { lastName: 'Burst' });
    await windowStart();
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => postSync([{ id, n: i }])));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(202));
    await waitFor(async () => (await person(id))?.last_name === 'Burst', 'the re-read');
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(reads(id)).toBe(1);
  });

  it("registers Switchyard's webhooks in EspoCRM, stores their secrets, and EspoCRM's deliveries re-read contacts", async () => {
    const res = await ctx.app.api('/people/crm-webhooks', { method: 'POST' });
    expect(res.status).toBe(201);
    const { webhooks } = (await res.json()) as { webhooks: { event: string; source: string; url: string }[] };
    expect(webhooks.map((w) => [w.event, w.source])).toEqual([
      ['Contact.create', 'espocrm-contact-create'],
      ['Contact.update', 'espocrm-contact-update'],
      ['Contact.delete', 'espocrm-contact-delete'],
    ]);
    expect(webhooks[1]!.url).toBe(`${ctx.app.url}/webhooks/espocrm/contact-update`);
    expect([...espo.webhooks.values()].map((w) => w.event).sort()).toEqual([
      'Contact.create',
      'Contact.delete',
      'Contact.update',
    ]);

    const id = contacts[3]!;
    espo.changeContact(id, { lastName: 'Hooked' });
    const [delivered] = await espo.deliver('Contact.update', [{ id, lastName: 'Hooked' }]);
    expect(delivered!.status).toBe(202);
    await waitFor(async () => (await person(id))?.last_name === 'Hooked', 'the update webhook');

    const created = espo.addContact({ firstName: 'Fresh', lastName: 'Created' });
    expect((await espo.deliver('Contact.create', [created]))[0]!.status).toBe(202);
    await waitFor(async () => (await person(created.id))?.last_name === 'Created', 'the create webhook');

    espo.deleteContact(contacts[0]!);
    expect((await espo.deliver('Contact.delete', [{ id: contacts[0] }]))[0]!.status).toBe(202);
    await waitFor(async () => (await person(contacts[0]!))?.sync_status === 'missing_in_crm', 'the delete webhook');

    const [audit] = await ctx.db.query<{ action: string }>(
      `SELECT action FROM audit_events WHERE action = 'people.register_crm_webhooks'`,
    );
    expect(audit).toBeDefined();
  });

  it('registering again replaces the webhooks: old ones deleted in EspoCRM, old secrets no longer accepted', async () => {
    const oldHooks = [...espo.webhooks.values()];
    expect((await ctx.app.api('/people/crm-webhooks', { method: 'POST' })).status).toBe(201);
    expect(espo.webhooks.size).toBe(3);
    for (const hook of oldHooks) expect(espo.webhooks.has(hook.id)).toBe(false);
    // A delivery signed with a retired webhook's secret is refused.
    const stale = new FakeEspoCrm();
    stale.webhooks.set(oldHooks[1]!.id, oldHooks[1]!);
    const [refused] = await stale.deliver('Contact.update', [{ id: contacts[1] }]);
    expect(refused!.status).toBe(401);
    const [accepted] = await espo.deliver('Contact.update', [{ id: contacts[1], n: 2 }]);
    expect(accepted!.status).toBe(202);
  });

  it('answers 502 with the reason when EspoCRM refuses the registration', async () => {
    espo.fail('POST', /^\/api\/v1\/Webhook$/, { status: 403, reason: 'No access to Webhook' });
    const res = await ctx.app.api('/people/crm-webhooks', { method: 'POST' });
    expect(res.status).toBe(502);
    expect(((await res.json()) as { message: string }).message).toContain('403 No access to Webhook');
  });
});
