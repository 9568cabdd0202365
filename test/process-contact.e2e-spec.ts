import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeEspoCrm } from './support/fake-espocrm';
import { sampleDocx, samplePdf } from './support/resume-files';
import { postJson, startTestApp, TestApp, waitFor } from './support/switchyard';
import { createTestDatabase, TestDatabase } from './support/test-database';

interface Extraction {
  id: string;
  status: 'queued' | 'succeeded' | 'failed';
  duplicate?: boolean;
  contactId: string | null;
  file: { sha256: string; name: string; type: string; size: number };
  preview: {
    contactId: string | null;
    comparedWithContact: boolean;
    profile: { skills: string[] };
    changes: { field: string; current: unknown; proposed: unknown; kind: string }[];
  } | null;
  error: string | null;
}

interface Proposal {
  status: 'pending' | 'ready';
  proposalUrl: string;
  comparedWithContact: boolean;
  skills: { name: string; evidence: number; foundIn: { extractionId: string }[]; alreadyInCrm: boolean }[];
  proposed: string[];
  alreadyPresent: string[];
}

interface Processed {
  contactId: string;
  extractionIds: string[];
  extractions: (Extraction & { attachmentId: string })[];
  skipped: { attachmentId: string; status: number; reason: string }[];
  proposal: Proposal;
}

const KEY = 'process-espo-key';

/** Resumes read from (a loopback) EspoCRM: one attachment by id, or all of a contact's, into the ledger and previews. */
describe('resumes from EspoCRM', () => {
  const espo = new FakeEspoCrm(KEY);
  let db: TestDatabase;
  let app: TestApp;
  let dataDir: string;
  let pdf: Buffer;
  let docx: Buffer;

  beforeAll(async () => {
    await espo.start();
    dataDir = await mkdtemp(join(tmpdir(), 'switchyard-process-contact-'));
    [pdf, docx] = await Promise.all([samplePdf(), sampleDocx()]);
    db = await createTestDatabase();
    app = await startTestApp({
      databaseUrl: db.url,
      roles: ['api', 'worker'],
      env: {
        DATA_DIR: dataDir,
        ESPO_BASE_URL: espo.url,
        ESPO_API_KEY: KEY,
        ESPO_MAX_ATTEMPTS: '2',
        MAX_FILE_SIZE_MB: '1',
        MAX_ATTACHMENTS_PER_CONTACT: '3',
        RESUME_KEYWORDS: 'Analytical Engines, Bernoulli numbers ,punch cards',
      },
    });
  });
  afterAll(async () => {
    await app?.stop();
    await db?.drop();
    await espo.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const finished = (id: string) =>
    waitFor(
      async () => {
        const body = (await (await app.api(`/jobs/resume-extract/${id}`)).json()) as Extraction;
        return body.status !== 'queued' ? body : undefined;
      },
      `extraction ${id}`,
      30_000,
    );
  const skillsProposed = (e: Extraction) => e.preview?.changes.find((c) => c.field === 'skills');

  it('extracts a contact attachment by id like an upload: same ledger, same preview', async () => {
    const ada = espo.addContact({ firstName: 'Ada', lastName: 'Lovelace', skills: ['TypeScript'] });
    const attachmentId = espo.attachFile(ada.id, { name: 'ada-cv.pdf', type: 'application/pdf', bytes: pdf });

    const res = await postJson(app, '/jobs/resume-extract', { contactId: ada.id, attachmentId });
    expect(res.status).toBe(202);
    const queued = (await res.json()) as Extraction;
    expect(queued).toMatchObject({ duplicate: false, contactId: ada.id, file: { name: 'ada-cv.pdf', type: 'pdf' } });
    const done = await finished(queued.id);
    expect(done.status).toBe('succeeded');
    expect(done.preview).toMatchObject({ contactId: ada.id, comparedWithContact: true });
    expect(done.preview!.profile.skills).toEqual(expect.arrayContaining(['TypeScript', 'PostgreSQL', 'Docker']));
    // The contact's name in the CRM already matches: only what differs is proposed.
    expect(done.preview!.changes.map((c) => c.field)).not.toContain('lastName');

    // The same file uploaded for the same contact is the same ledger entry.
    const form = new FormData();
    form.append('file', new Blob([pdf]), 'again.pdf');
    form.append('contactId', ada.id);
    const upload = (await (await app.api('/jobs/resume-extract', { method: 'POST', body: form })).json()) as Extraction;
    expect(upload).toMatchObject({ id: queued.id, duplicate: true, status: 'succeeded' });
  });

  it('answers an unknown attachment with 404 and EspoCRM reason, a too large one with 413, a bad id with 400', async () => {
    const unknown = await postJson(app, '/jobs/resume-extract', { attachmentId: 'nosuchattachment1' });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { message: string }).message).toMatch(/Attachment not found/);

    const ada = espo.addContact({ firstName: 'Ada', lastName: 'Big' });
    const big = espo.attachFile(ada.id, { name: 'big.txt', type: 'text/plain', bytes: Buffer.alloc(1_200_000, 'a') });
    const tooBig = await postJson(app, '/jobs/resume-extract', { contactId: ada.id, attachmentId: big });
    expect(tooBig.status).toBe(413);
    expect(((await tooBig.json()) as { message: string }).message).toMatch(/MAX_FILE_SIZE_MB/);

    const bad = await postJson(app, '/jobs/resume-extract', { attachmentId: '../../Contact' });
    expect(bad.status).toBe(400);
    // Sniffed like an upload: a PNG named .pdf is refused by its bytes.
    const png = espo.attachFile(ada.id, {
      name: 'photo.pdf',
      type: 'application/pdf',
      bytes: Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'),
    });
    expect((await postJson(app, '/jobs/resume-extract', { attachmentId: png })).status).toBe(415);
  });

  it('POST /process-contact/:id extracts the newest resume attachments and proposes the skills found, once', async () => {
    const ada = espo.addContact({ firstName: 'Ada', lastName: 'Lovelace', skills: ['Docker'] });
    const oldest = espo.attachFile(ada.id, { name: 'old.txt', type: 'text/plain', bytes: Buffer.from('Old CV\n') });
    const p = espo.attachFile(ada.id, { name: 'ada.pdf', type: 'application/pdf', bytes: pdf });
    const d = espo.attachFile(ada.id, {
      name: 'ada.docx',
      type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      bytes: docx,
    });
    const notes = Buffer.from(
      'Ada Lovelace\nNotes on the Analytical Engines and BERNOULLI NUMBERS.\nSkills: Rust, TypeScript\n',
    );
    const t = espo.attachFile(ada.id, { name: 'notes.txt', type: 'text/plain', bytes: notes });

    const res = await app.api(`/process-contact/${ada.id}`, { method: 'POST' });
    expect(res.status).toBe(202);
    const body = (await res.json()) as Processed;
    expect(body.skipped).toEqual([]);
    // Newest (last linked) first, MAX_ATTACHMENTS_PER_CONTACT of them: the oldest is not read.
    expect(body.extractions.map((e) => e.attachmentId)).toEqual([t, d, p]);
    expect(body.extractionIds).toEqual(body.extractions.map((e) => e.id));
    expect(espo.requests.some((r) => r.path.includes(oldest))).toBe(false);

    const done = await Promise.all(body.extractionIds.map(finished));
    expect(done.map((e) => e.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    // RESUME_KEYWORDS as written, beside the vocabulary; the contact's Docker is not proposed again.
    expect(skillsProposed(done[0]!)).toMatchObject({
      kind: 'add',
      current: ['Docker'],
      proposed: expect.arrayContaining(['Rust', 'Analytical Engines', 'Bernoulli numbers']),
    });
    expect(skillsProposed(done[0]!)!.proposed).not.toContain('punch cards');
    expect(skillsProposed(done[2]!)!.proposed).toEqual(expect.arrayContaining(['TypeScript', 'PostgreSQL']));
    expect(skillsProposed(done[2]!)!.proposed).not.toContain('Docker');

    // One merged proposal across the three: pending while they ran, then ready at its URL.
    expect(body.proposal).toMatchObject({ status: 'pending', extractionIds: body.extractionIds });
    const merged = (await (await app.api(body.proposal.proposalUrl)).json()) as Proposal;
    expect(merged).toMatchObject({ status: 'ready', comparedWithContact: true, alreadyPresent: ['Docker'] });
    expect(merged.proposed).toEqual(
      expect.arrayContaining(['TypeScript', 'PostgreSQL', 'Rust', 'Analytical Engines', 'Bernoulli numbers', 'Python']),
    );
    expect(merged.proposed).not.toContain('Docker');
    const names = merged.skills.map((skill) => skill.name.toLowerCase());
    expect(new Set(names).size).toBe(names.length);
    const evidence = merged.skills.map((skill) => skill.evidence);
    expect(evidence).toEqual([...evidence].sort((a, b) => b - a));
    // TypeScript is in the notes and in the PDF: the strongest evidence, named by both.
    expect(merged.skills.find((skill) => skill.name === 'TypeScript')).toMatchObject({
      evidence: 2,
      alreadyInCrm: false,
      foundIn: [{ extractionId: body.extractionIds[0] }, { extractionId: body.extractionIds[2] }],
    });
    expect(merged.skills.find((skill) => skill.name === 'Docker')).toMatchObject({ alreadyInCrm: true });
    expect(merged.proposed.length + merged.alreadyPresent.length).toBe(merged.skills.length);

    // Again: the ledger answers the same extractions, nothing is extracted twice; the proposal is ready at once.
    const again = (await (await app.api(`/process-contact/${ada.id}`, { method: 'POST' })).json()) as Processed;
    expect(again.extractionIds).toEqual(body.extractionIds);
    expect(again.extractions.every((e) => e.duplicate && e.status === 'succeeded')).toBe(true);
    expect(again.proposal).toMatchObject({ status: 'ready', proposed: merged.proposed });

    // The proposal is only of this contact's extractions, and MAX_ATTACHMENTS_PER_CONTACT of them at most.
    const other = espo.addContact({ firstName: 'Other', lastName: 'Person' });
    const refused = await app.api(`/process-contact/${other.id}/proposal?extractionIds=${body.extractionIds[0]}`);
    expect(refused.status).toBe(404);
    expect(((await refused.json()) as { message: string }).message).toMatch(/Not resume extractions of contact/);
    const four = [...body.extractionIds, '00000000-0000-4000-8000-000000000000'].join(',');
    expect((await app.api(`/process-contact/${ada.id}/proposal?extractionIds=${four}`)).status).toBe(400);
    expect((await app.api(`/process-contact/${ada.id}/proposal?extractionIds=nope`)).status).toBe(400);

    const [audit] = await db.query<{ action: string; target: string | null }>(
      `SELECT action, target FROM audit_events WHERE action = 'resume.process_contact' ORDER BY id LIMIT 1`,
    );
    expect(audit).toBeDefined();
  });

  it("refuses to extract, for a contact, an attachment that is not one of that contact's resumes", async () => {
    const ada = espo.addContact({ firstName: 'Ada', lastName: 'Owner' });
    const bob = espo.addContact({ firstName: 'Bob', lastName: 'Stranger' });
    const own = espo.attachFile(ada.id, { name: 'ada.txt', type: 'text/plain', bytes: Buffer.from('Ada Owner\nGo\n') });
    const bobs = espo.attachFile(bob.id, { name: 'bob.txt', type: 'text/plain', bytes: Buffer.from('Bob\nRust\n') });
    const photo = espo.attachFile(ada.id, { name: 'me.txt', type: 'text/plain', bytes: Buffer.from('x\n') }, 'photo');
    const downloads = espo.count('GET', /Attachment\/file\//);
    for (const attachmentId of [bobs, photo]) {
      const res = await postJson(app, '/jobs/resume-extract', { contactId: ada.id, attachmentId });
      expect(res.status).toBe(422);
      expect(((await res.json()) as { message: string }).message).toBe(
        `Attachment ${attachmentId} is not one of contact ${ada.id}'s resume attachments (it has ${own}; CRM_RESUME_FIELD)`,
      );
    }
    expect(espo.count('GET', /Attachment\/file\//)).toBe(downloads);
    expect((await postJson(app, '/jobs/resume-extract', { contactId: ada.id, attachmentId: own })).status).toBe(202);
    const gone = await postJson(app, '/jobs/resume-extract', { contactId: 'nosuchcontact0001', attachmentId: own });
    expect(gone.status).toBe(404);
    expect((await postJson(app, '/jobs/resume-extract', { contactId: '../x', attachmentId: own })).status).toBe(400);
  });

  it('answers EspoCRM failing (5xx after the retries) with 503 and the reason, nothing queued', async () => {
    const ada = espo.addContact({ firstName: 'Ada', lastName: 'Down' });
    const attachmentId = espo.attachFile(ada.id, { name: 'cv.txt', type: 'text/plain', bytes: Buffer.from('Ada\n') });
    espo.fail('GET', /\/Attachment\/file\//, { status: 500, reason: 'Database is gone' }, 2);
    const res = await app.api(`/process-contact/${ada.id}`, { method: 'POST' });
    expect(res.status).toBe(503);
    expect(((await res.json()) as { message: string }).message).toMatch(/500 Database is gone/);
    const [row] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM resume_extractions WHERE contact_id = $1`,
      [ada.id],
    );
    expect(row?.n).toBe(0);
    // EspoCRM back: the same request works.
    const again = await postJson(app, '/jobs/resume-extract', { contactId: ada.id, attachmentId });
    expect(again.status).toBe(202);
  });

  it('skips an unusable attachment with its reason; says why when a contact has nothing to extract', async () => {
    const ada = espo.addContact({ firstName: 'Ada', lastName: 'Skip' });
    const png = espo.attachFile(ada.id, {
      name: 'photo.png',
      type: 'image/png',
      bytes: Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'),
    });
    const txt = espo.attachFile(ada.id, { name: 'cv.txt', type: 'text/plain', bytes: Buffer.from('Ada Skip\nGo\n') });
    const body = (await (await app.api(`/process-contact/${ada.id}`, { method: 'POST' })).json()) as Processed;
    expect(body.extractions.map((e) => e.attachmentId)).toEqual([txt]);
    expect(body.skipped).toEqual([
      { attachmentId: png, status: 415, reason: expect.stringMatching(/not a PDF, DOCX or UTF-8 text/) },
    ]);

    const empty = espo.addContact({ firstName: 'No', lastName: 'Resume' });
    const none = await app.api(`/process-contact/${empty.id}`, { method: 'POST' });
    expect(none.status).toBe(422);
    expect(((await none.json()) as { message: string }).message).toMatch(/no resume attachments.*CRM_RESUME_FIELD/);

    const missing = await app.api('/process-contact/nosuchcontact0001', { method: 'POST' });
    expect(missing.status).toBe(404);
  });
});

describe('resumes from EspoCRM without EspoCRM configured', () => {
  let db: TestDatabase;
  let app: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startTestApp({ databaseUrl: db.url, roles: ['api'] });
  });
  afterAll(async () => {
    await app?.stop();
    await db?.drop();
  });

  it('answers 503 naming ESPO_BASE_URL and ESPO_API_KEY', async () => {
    for (const res of [
      await postJson(app, '/jobs/resume-extract', { attachmentId: 'a1' }),
      await app.api('/process-contact/c1', { method: 'POST' }),
    ]) {
      expect(res.status).toBe(503);
      expect(((await res.json()) as { message: string }).message).toMatch(/ESPO_BASE_URL and ESPO_API_KEY/);
    }
  });

  it('documents both bodies of POST /jobs/resume-extract and the new route in the API reference', async () => {
    const doc = (await (await fetch(`${app.url}/docs-json`)).json()) as {
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, unknown> }; responses: object }>>;
      components: { schemas: Record<string, { properties: Record<string, unknown> }> };
    };
    const extract = doc.paths['/jobs/resume-extract']!.post!;
    expect(Object.keys(extract.requestBody!.content).sort()).toEqual(['application/json', 'multipart/form-data']);
    expect(Object.keys(doc.components.schemas.ResumeExtractBodyJson!.properties).sort()).toEqual([
      'attachmentId',
      'contactId',
    ]);
    expect(doc.components.schemas.ResumeExtractBody!.properties).toHaveProperty('file');
    expect(doc.paths['/process-contact/{id}']!.post!.responses).toHaveProperty('202');
    expect(doc.paths['/process-contact/{id}/proposal']!.get!.responses).toHaveProperty('200');
  });
});
