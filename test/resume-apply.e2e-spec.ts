import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeEspoCrm } from './support/fake-espocrm';
import { Scrape } from './support/prometheus';
import { samplePdf } from './support/resume-files';
import { postJson, startTestApp, TEST_API_SECRET, TestApp, waitFor } from './support/switchyard';
import { createTestDatabase, TestDatabase } from './support/test-database';

interface Extraction {
  id: string;
  status: 'queued' | 'succeeded' | 'failed';
  preview: {
    contactId: string | null;
    comparedWithContact: boolean;
    changes: { field: string; current: unknown; proposed: unknown; kind: string }[];
  } | null;
}

interface Applied {
  contactId: string;
  complete: boolean;
  failed: string[];
  fields: { field: string; status: string; before: unknown; after: unknown; error?: string }[];
}

/** A resume preview compared with the contact in (a loopback) EspoCRM, and its confirmed fields applied there. */
describe('resume apply', () => {
  const espo = new FakeEspoCrm('apply-espo-key');
  let db: TestDatabase;
  let app: TestApp;
  let dataDir: string;
  let pdf: Buffer;

  beforeAll(async () => {
    await espo.start();
    dataDir = await mkdtemp(join(tmpdir(), 'switchyard-resume-apply-'));
    pdf = await samplePdf();
    db = await createTestDatabase();
    app = await startTestApp({
      databaseUrl: db.url,
      roles: ['api', 'worker'],
      env: {
        DATA_DIR: dataDir,
        ESPO_BASE_URL: espo.url,
        ESPO_API_KEY: 'apply-espo-key',
        ESPO_MAX_ATTEMPTS: '2',
        JOB_RETRY_BASE_SECONDS: '1',
      },
    });
  });
  afterAll(async () => {
    await app?.stop();
    await db?.drop();
    await espo.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const extract = async (contactId?: string): Promise<Extraction> => {
    const form = new FormData();
    form.append('file', new Blob([pdf]), 'ada.pdf');
    if (contactId) form.append('contactId', contactId);
    const res = await app.api('/jobs/resume-extract', { method: 'POST', body: form });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as Extraction;
    return waitFor(
      async () => {
        const body = (await (await app.api(`/jobs/resume-extract/${id}`)).json()) as Extraction;
        return body.status !== 'queued' ? body : undefined;
      },
      `extraction ${id}`,
      30_000,
    );
  };
  const apply = (extractionId: string, fields: string[]) =>
    postJson(app, '/jobs/resume-apply', { extractionId, fields });

  it('compares the preview with the contact, applies only the confirmed fields and says what changed or failed', async () => {
    const ada = espo.addContact({
      firstName: 'Ada',
      lastName: 'King',
      emailAddress: 'ada@old.example',
      emailAddressData: [{ emailAddress: 'ada@old.example', primary: true, optOut: false, invalid: false }],
      skills: ['Rust'],
      cSeniority: 'junior',
      cRoles: 'Mathematician',
    });
    const done = await extract(ada.id);
    expect(done.status).toBe('succeeded');
    const changes = done.preview!.changes;
    expect(done.preview).toMatchObject({ contactId: ada.id, comparedWithContact: true });
    // What the contact already has is not proposed; what differs is shown with its current value.
    expect(changes.find((c) => c.field === 'firstName')).toBeUndefined();
    expect(changes).toContainEqual({ field: 'lastName', current: 'King', proposed: 'Lovelace', kind: 'change' });
    expect(changes).toContainEqual({
      field: 'emails',
      current: ['ada@old.example'],
      proposed: ['ada@analytical.example'],
      kind: 'add',
    });
    expect(changes).toContainEqual({ field: 'seniority', current: 'junior', proposed: 'senior', kind: 'change' });

    // EspoCRM refuses the seniority value; the other fields go through. The phone is not confirmed.
    espo.refusedAttributes.set('cSeniority', 'Not valid value for cSeniority');
    const res = await apply(done.id, ['lastName', 'emails', 'skills', 'seniority', 'timezone']);
    expect(res.status).toBe(200);
    const applied = (await res.json()) as Applied;
    expect(applied).toMatchObject({ contactId: ada.id, complete: false, failed: ['seniority'] });
    const byField = Object.fromEntries(applied.fields.map((f) => [f.field, f]));
    expect(byField.lastName).toEqual({ field: 'lastName', status: 'changed', before: 'King', after: 'Lovelace' });
    expect(byField.emails).toEqual({
      field: 'emails',
      status: 'changed',
      before: ['ada@old.example'],
      after: ['ada@old.example', 'ada@analytical.example'],
    });
    expect(byField.skills).toMatchObject({ status: 'changed', before: ['Rust'] });
    expect(byField.skills!.after).toEqual(['Rust', 'TypeScript', 'Node.js', 'PostgreSQL', 'Docker']);
    expect(byField.timezone).toEqual({ field: 'timezone', status: 'changed', before: null, after: 'UTC+00:00' });
    expect(byField.seniority).toMatchObject({ status: 'failed', before: 'junior', after: 'junior' });
    expect(byField.seniority!.error).toContain('Not valid value for cSeniority');

    // The contact in EspoCRM: the confirmed fields written, the rest (phone, seniority) as they were.
    const stored = espo.contacts.get(ada.id)!;
    expect(stored).toMatchObject({
      lastName: 'Lovelace',
      cTimezone: 'UTC+00:00',
      cSeniority: 'junior',
      firstName: 'Ada',
    });
    expect(stored.phoneNumber).toBeUndefined();
    expect(espo.count('PATCH', new RegExp(`/Contact/${ada.id}$`))).toBe(5);

    // Audited as resume.apply, with the request.
    const audit = await db.query<{ action: string; data: { request?: { fields?: string[] } } }>(
      `SELECT action, data FROM audit_events WHERE action = 'resume.apply'`,
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]!.data.request?.fields).toContain('seniority');

    // Every EspoCRM request counted by operation and status, the refusal among them.
    const s = await Scrape.of(`${app.url}/metrics`, { authorization: `Bearer ${TEST_API_SECRET}` });
    expect(s.value('switchyard_crm_requests_total', { crm: 'espocrm', operation: 'update', status: '200' })).toBe(4);
    expect(s.value('switchyard_crm_requests_total', { crm: 'espocrm', operation: 'update', status: '400' })).toBe(1);
    expect(
      s.value('switchyard_crm_requests_total', { crm: 'espocrm', operation: 'read', status: '200' }),
    ).toBeGreaterThanOrEqual(3);
  });

  it('reports a field EspoCRM kept failing (5xx after the retries) as failed, and applies the others', async () => {
    const charles = espo.addContact({ firstName: 'Charles', lastName: 'Babbage' });
    const done = await extract(charles.id);
    espo.fail('PATCH', new RegExp(`/Contact/${charles.id}$`), { status: 503, reason: 'Maintenance' }, 2);
    const res = await apply(done.id, ['lastName', 'timezone']);
    expect(res.status).toBe(200);
    const applied = (await res.json()) as Applied;
    expect(applied).toMatchObject({ complete: false, failed: ['lastName'] });
    expect(applied.fields[0]).toMatchObject({
      field: 'lastName',
      status: 'failed',
      before: 'Babbage',
      after: 'Babbage',
    });
    expect(applied.fields[0]!.error).toContain('503 Maintenance');
    expect(applied.fields[1]).toEqual({ field: 'timezone', status: 'changed', before: null, after: 'UTC+00:00' });
    expect(espo.contacts.get(charles.id)).toMatchObject({ lastName: 'Babbage', cTimezone: 'UTC+00:00' });
  });

  it('refuses fields the preview does not propose, and a preview without a contact, with the reason', async () => {
    const grace = espo.addContact({ firstName: 'Grace', lastName: 'Hopper' });
    const done = await extract(grace.id);
    const unknown = await apply(done.id, ['lastName', 'favouriteColour']);
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { message: string }).message).toContain(
      'Not proposed by the preview: favouriteColour',
    );

    const loose = await extract();
    expect(loose.preview).toMatchObject({ contactId: null, comparedWithContact: false });
    const noContact = await apply(loose.id, ['lastName']);
    expect(noContact.status).toBe(400);
    expect(((await noContact.json()) as { message: string }).message).toContain('The preview has no contact');
    expect(espo.contacts.get(grace.id)).toMatchObject({ lastName: 'Hopper' });

    const missing = await apply('00000000-0000-4000-8000-000000000000', ['lastName']);
    expect(missing.status).toBe(404);
  });
});
