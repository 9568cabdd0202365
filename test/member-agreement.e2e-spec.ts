import { FakeEspoCrm } from './support/fake-espocrm';
import { postJson, useTestApp, waitFor } from './support/switchyard';

const KEY = 'agreement-espo-key';

interface Job {
  id: string;
  type: string;
  state: string;
  data: { eventId: string; email: string };
  result: { crmId: string; changed: boolean; via: string; signedAt: string } | null;
  lastError: unknown;
}

/** DocuSeal's completed member agreement, through the real webhook path, onto the contact in (a loopback) EspoCRM. */
describe('member agreements signed in DocuSeal', () => {
  const espo = new FakeEspoCrm(KEY);
  beforeAll(() => espo.start());
  const ctx = useTestApp({
    roles: ['api', 'worker'],
    env: {
      get ESPO_BASE_URL() {
        return espo.url;
      },
      ESPO_API_KEY: KEY,
      ESPO_MAX_ATTEMPTS: '2',
    },
  });
  afterAll(() => espo.stop());
  let secret = '';
  let ada = '';

  beforeAll(async () => {
    ada = espo.addContact({
      firstName: 'Ada',
      lastName: 'Lovelace',
      emailAddress: 'ada@agency.example',
      emailAddressData: [
        { emailAddress: 'ada@agency.example', primary: true },
        { emailAddress: 'Ada.Private@Example.org', primary: false },
      ],
    }).id;
    expect((await ctx.app.api('/sync/people', { method: 'POST' })).status).toBe(202);
    await waitFor(
      async () => (await ctx.db.query(`SELECT 1 FROM people_sync_runs WHERE status = 'succeeded'`)).length === 1,
      'the people sync',
    );
    const res = await postJson(ctx.app, '/webhooks/sources', {
      slug: 'agreements',
      provider: 'docuseal',
      settings: { agreementTemplateIds: [6] },
    });
    expect(res.status).toBe(201);
    secret = ((await res.json()) as { secret: string }).secret;
  });

  const completed = (templateId: number, submitterId: number, email: string, at = '2026-12-07T08:59:58.000Z') =>
    JSON.stringify({
      event_type: 'form.completed',
      timestamp: '2026-12-07T09:00:00.000Z',
      data: {
        id: submitterId,
        submission_id: 500 + submitterId,
        email,
        status: 'completed',
        completed_at: at,
        template: { id: templateId, name: templateId === 6 ? 'Member agreement' : 'NDA' },
      },
    });
  const deliver = (body: string) =>
    fetch(`${ctx.app.url}/webhooks/agreements`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-docuseal-secret': secret },
      body,
    });
  const jobs = async () => {
    const res = await ctx.app.api('/jobs?type=people.member-agreement&limit=100');
    return ((await res.json()) as { jobs: Job[] }).jobs;
  };
  const finishedJobs = (count: number) =>
    waitFor(
      async () => {
        const all = await jobs();
        return all.length === count && all.every((j) => ['succeeded', 'dead'].includes(j.state)) ? all : undefined;
      },
      `${count} member agreement jobs`,
      20_000,
    );
  const audits = () =>
    ctx.db.query<{ source: string; actor_id: string; target: string; data: { eventId: string; foundIn: string } }>(
      `SELECT source, actor_id, target, data FROM audit_events WHERE action = 'people.member_agreement_signed' ORDER BY id`,
    );
  const cached = async (crmId: string) =>
    (
      await ctx.db.query<{ signed: Date | null }>(
        'SELECT member_agreement_signed_at AS signed FROM people WHERE crm_id = $1',
        [crmId],
      )
    )[0]?.signed ?? null;

  it('writes the completion time to the contact found by e-mail, refreshes the cache, audited as the system', async () => {
    // Another address of Ada's, in other letters: still her.
    const res = await deliver(completed(6, 41, 'ada.private@example.org'));
    expect(res.status).toBe(202);
    const { eventId } = (await res.json()) as { eventId: string };
    const [job] = await finishedJobs(1);
    expect(job).toMatchObject({
      state: 'succeeded',
      data: { eventId },
      result: { crmId: ada, changed: true, via: 'people cache' },
    });
    expect(espo.contacts.get(ada)!.cMemberAgreementSignedAt).toBe('2026-12-07 08:59:58');
    expect((await cached(ada))?.toISOString()).toBe('2026-12-07T08:59:58.000Z');
    expect(await audits()).toEqual([
      { source: 'system', actor_id: 'system', target: ada, data: expect.objectContaining({ eventId }) },
    ]);
  });

  it('a redelivered or replayed event changes nothing new', async () => {
    const again = await deliver(completed(6, 41, 'ada.private@example.org'));
    expect(again.status).toBe(200);
    const { eventId } = (await again.json()) as { eventId: string; duplicate: boolean };
    const writes = espo.count('PUT', /\/Contact\//);
    expect((await ctx.app.api(`/webhooks/events/${eventId}/replay`, { method: 'POST' })).status).toBeLessThan(300);
    const all = await finishedJobs(2);
    expect(all.find((j) => j.id !== all.find((k) => k.result?.changed)?.id)).toMatchObject({
      state: 'succeeded',
      result: { crmId: ada, changed: false },
    });
    expect(espo.count('PUT', /\/Contact\//)).toBe(writes);
    expect(await audits()).toHaveLength(1);
  });

  it('ignores other templates', async () => {
    expect((await deliver(completed(7, 42, 'ada@agency.example', '2026-12-08T10:00:00.000Z'))).status).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await jobs()).toHaveLength(2);
    expect(espo.contacts.get(ada)!.cMemberAgreementSignedAt).toBe('2026-12-07 08:59:58');
  });

  it('finds a contact not synced yet through EspoCRM’s search by e-mail', async () => {
    const grace = espo.addContact({ firstName: 'Grace', lastName: 'Hopper', emailAddress: 'Grace@Navy.example' }).id;
    expect((await deliver(completed(6, 43, 'grace@navy.example', '2026-12-09T12:30:00Z'))).status).toBe(202);
    const all = await finishedJobs(3);
    expect(all.find((j) => j.data.email === 'grace@navy.example')).toMatchObject({
      state: 'succeeded',
      result: { crmId: grace, changed: true, via: 'EspoCRM search' },
    });
    expect(espo.contacts.get(grace)!.cMemberAgreementSignedAt).toBe('2026-12-09 12:30:00');
    expect((await cached(grace))?.toISOString()).toBe('2026-12-09T12:30:00.000Z');
  });

  it('a signer no contact has, or several have, is a dead job saying so; nothing is written', async () => {
    espo.addContact({ firstName: 'Twin', lastName: 'One', emailAddress: 'twins@example.org' });
    espo.addContact({ firstName: 'Twin', lastName: 'Two', emailAddress: 'twins@example.org' });
    const writes = espo.count('PUT', /\/Contact\//);
    expect((await deliver(completed(6, 44, 'stranger@example.org'))).status).toBe(202);
    expect((await deliver(completed(6, 45, 'twins@example.org'))).status).toBe(202);
    const all = await finishedJobs(5);
    const stranger = all.find((j) => j.data.email === 'stranger@example.org')!;
    expect(stranger.state).toBe('dead');
    expect(JSON.stringify(stranger.lastError)).toMatch(/No contact has the e-mail stranger@example.org/);
    const twins = all.find((j) => j.data.email === 'twins@example.org')!;
    expect(twins.state).toBe('dead');
    expect(JSON.stringify(twins.lastError)).toMatch(/Several contacts have the e-mail twins@example.org/);
    expect(espo.count('PUT', /\/Contact\//)).toBe(writes);
    // The worker carries on.
    expect((await ctx.app.api('/ready')).status).toBe(200);
  });
});
