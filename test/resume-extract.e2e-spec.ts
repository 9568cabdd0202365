import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JobQueue } from '../src/platform/queue/job-queue';
import { ResumeLedger } from '../src/resumes/ledger/resume-ledger';
import type { CurrentContact } from '../src/resumes/preview/contact-reader';
import { ContactReaders } from '../src/resumes/preview/contact-readers';
import { resumeExtractQueue } from '../src/resumes/resume-extract.queue';
import { ObjectStorage } from '../src/storage/object-storage';
import { corruptPdf, encryptedPdf, sampleDocx, samplePdf, spinningPdf, zipBombDocx } from './support/resume-files';
import { startTestApp, TestApp, waitFor } from './support/switchyard';
import { createTestDatabase, TestDatabase } from './support/test-database';

interface Extraction {
  id: string;
  jobId: string;
  status: 'queued' | 'succeeded' | 'failed';
  duplicate?: boolean;
  error: string | null;
  file: { sha256: string; type: string; size: number; name: string };
  preview: {
    extractor: string;
    comparedWithContact: boolean;
    pages?: number;
    profile: Record<string, unknown>;
    changes: { field: string; proposed: unknown; kind: string }[];
  } | null;
}

/** Uploads, extraction in the worker's parser thread, the ledger and hostile files, over real HTTP. */
describe('resume extraction', () => {
  let db: TestDatabase;
  let app: TestApp;
  let dataDir: string;
  /** pdf-lib stamps each save with the time: one copy, so the same bytes can be sent twice. */
  let adaPdf: Buffer;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'switchyard-resumes-'));
    adaPdf = await samplePdf();
    db = await createTestDatabase();
    app = await startTestApp({
      databaseUrl: db.url,
      roles: ['api', 'worker'],
      env: {
        DATA_DIR: dataDir,
        MAX_FILE_SIZE_MB: '2',
        RESUME_PARSE_TIMEOUT_SECONDS: '3',
        JOB_RETRY_BASE_SECONDS: '1',
      },
    });
  });
  afterAll(async () => {
    await app?.stop();
    await db?.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const upload = (bytes: Buffer, name: string, contactId?: string) => {
    const form = new FormData();
    form.append('file', new Blob([bytes]), name);
    if (contactId) form.append('contactId', contactId);
    return app.api('/jobs/resume-extract', { method: 'POST', body: form });
  };
  const accepted = async (res: Response) => {
    expect({ status: res.status, body: res.status === 202 ? '' : await res.text() }).toEqual({ status: 202, body: '' });
    return (await res.json()) as Extraction;
  };
  const settled = (id: string) =>
    waitFor(
      async () => {
        const res = await app.api(`/jobs/resume-extract/${id}`);
        const body = (await res.json()) as Extraction;
        return body.status !== 'queued' ? body : undefined;
      },
      `extraction ${id}`,
      30_000,
    );
  const refusal = async (res: Response) => ({
    status: res.status,
    message: ((await res.json()) as { message: string }).message,
  });

  it('extracts a two-page PDF into a preview, stored by content hash, audited', async () => {
    const pdf = adaPdf;
    const sent = await accepted(await upload(pdf, 'ada.pdf', 'contact-ada'));
    expect(sent).toMatchObject({ status: 'queued', duplicate: false, file: { type: 'pdf', name: 'ada.pdf' } });
    const done = await settled(sent.id);
    expect(done.status).toBe('succeeded');
    expect(done.preview).toMatchObject({
      extractor: 'heuristic',
      pages: 2,
      comparedWithContact: false,
      profile: {
        name: { full: 'Ada Lovelace', first: 'Ada', last: 'Lovelace' },
        emails: ['ada@analytical.example'],
        phone: '+442079460958',
        linkedin: 'https://www.linkedin.com/in/ada-lovelace',
        location: 'London, United Kingdom',
        timezone: 'UTC+00:00',
        seniority: 'senior',
        roles: ['Backend Developer'],
        skills: ['TypeScript', 'Node.js', 'PostgreSQL', 'Docker'],
      },
    });
    expect(done.preview!.changes).toContainEqual({
      field: 'lastName',
      current: null,
      proposed: 'Lovelace',
      kind: 'set',
    });
    // The job's own result carries the same preview.
    const job = (await (await app.api(`/jobs/${sent.jobId}`)).json()) as {
      state: string;
      result: { preview: unknown };
    };
    expect(job).toMatchObject({ state: 'succeeded', result: { preview: done.preview } });
    // Stored by content hash, readable through the storage interface.
    const storage = app.app.get(ObjectStorage);
    const key = `resumes/${done.file.sha256.slice(0, 2)}/${done.file.sha256}.pdf`;
    expect((await storage.get(key)).equals(pdf)).toBe(true);
    const [audit] = await db.query<{ action: string; target: string; actor_name: string }>(
      `SELECT action, target, actor_name FROM audit_events WHERE action = 'resume.extract'`,
    );
    expect(audit).toEqual({ action: 'resume.extract', target: sent.id, actor_name: 'API shared secret' });
  });

  it('does not extract the same file for the same contact and version twice', async () => {
    const pdf = adaPdf;
    const again = await accepted(await upload(pdf, 'renamed.pdf', 'contact-ada'));
    expect(again).toMatchObject({ duplicate: true, status: 'succeeded' });
    const other = await accepted(await upload(pdf, 'ada.pdf', 'contact-other'));
    expect(other.duplicate).toBe(false);
    expect(other.id).not.toBe(again.id);
    await settled(other.id);
    const jobs = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1`, [
      resumeExtractQueue.name,
    ]);
    expect(jobs[0]!.n).toBe(2);
  });

  it('reads a DOCX, link targets included, whatever the file is called', async () => {
    const done = await settled((await accepted(await upload(await sampleDocx(), 'grace.pdf'))).id);
    expect(done.file.type).toBe('docx');
    expect(done.preview!.profile).toMatchObject({
      name: { full: 'Grace Hopper' },
      github: 'https://github.com/ghopper',
      phone: '+12125550100',
      location: 'New York, USA',
      timezone: 'UTC-05:00',
      seniority: 'lead',
      skills: ['Python', 'SQL', 'Kubernetes', 'Terraform'],
    });
  });

  it('reads plain text', async () => {
    const text = Buffer.from(
      'Alan Turing\nalan@bletchley.example\nMachine Learning Engineer\nSkills: Python, PyTorch\n',
    );
    const done = await settled((await accepted(await upload(text, 'alan.txt'))).id);
    expect(done.preview!.profile).toMatchObject({
      name: { full: 'Alan Turing' },
      skills: ['Machine Learning', 'Python', 'PyTorch'],
    });
  });

  it('refuses oversized, unknown, old-format and bomb files at the door, saying why', async () => {
    expect(await refusal(await upload(Buffer.alloc(3 * 1024 * 1024, 'a'), 'big.txt'))).toEqual({
      status: 413,
      message: 'The file is larger than 2 MB (MAX_FILE_SIZE_MB)',
    });
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100, 7)]);
    expect(await refusal(await upload(png, 'cv.pdf'))).toMatchObject({ status: 415, message: /not a PDF, DOCX/ });
    const doc = Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(600)]);
    expect(await refusal(await upload(doc, 'cv.doc'))).toMatchObject({ status: 415, message: /old-format Word/ });
    expect(await refusal(await upload(await zipBombDocx(200 * 1024 * 1024, true), 'bomb.docx'))).toMatchObject({
      status: 422,
      message: /would expand to 200 MB.*zip bomb/,
    });
    expect(await refusal(await upload(await zipBombDocx(200 * 1024 * 1024, false), 'liar.docx'))).toMatchObject({
      status: 422,
      message: /word\/document\.xml expands beyond the 2048 bytes it declares/,
    });
    const empty = await app.api('/jobs/resume-extract', { method: 'POST', body: new FormData() });
    expect(await refusal(empty)).toMatchObject({ status: 400, message: /field "file"/ });
    expect(
      (await db.query(`SELECT 1 FROM resume_extractions WHERE file_name IN ('big.txt', 'bomb.docx')`)).length,
    ).toBe(0);
  });

  it('fails corrupt, encrypted and parser-spinning files on the job with the reason, and the worker goes on', async () => {
    const corrupt = await settled((await accepted(await upload(corruptPdf(), 'corrupt.pdf'))).id);
    expect(corrupt).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/could not be read: Invalid PDF structure/),
    });
    const encrypted = await settled((await accepted(await upload(await encryptedPdf(), 'locked.pdf'))).id);
    expect(encrypted).toMatchObject({ status: 'failed', error: 'the file is password-protected (encrypted)' });
    const spinning = await settled((await accepted(await upload(spinningPdf(2_000_000), 'spin.pdf'))).id);
    expect(spinning.error).toMatch(/took longer than 3 s \(RESUME_PARSE_TIMEOUT_SECONDS\)|needed more than \d+ MB/);
    // The ledger is written first; the job is dead a moment later.
    const job = await waitFor(async () => {
      const view = (await (await app.api(`/jobs/${spinning.jobId}`)).json()) as { state: string; lastError: unknown };
      return view.state === 'dead' ? view : undefined;
    }, 'the job to be dead');
    expect(JSON.stringify(job.lastError)).toContain('RESUME_PARSE');

    // A bomb that reached storage another way (not through the upload's checks) is refused by the job.
    const bomb = await zipBombDocx(64 * 1024 * 1024, false);
    await app.app.get(ObjectStorage).put('resumes/zz/bomb.docx', bomb, 'application/octet-stream');
    const row = await app.app.get(ResumeLedger).claim({
      fileSha256: 'f'.repeat(64),
      contactId: null,
      extractorVersion: '1',
      objectKey: 'resumes/zz/bomb.docx',
      fileName: 'bomb.docx',
      fileType: 'docx',
      fileSize: bomb.length,
      requestedBy: 'test',
    });
    const sent = await app.app.get(JobQueue).send(resumeExtractQueue, { extractionId: row!.id });
    await app.app.get(ResumeLedger).queued(row!.id, sent.id);
    expect(await settled(row!.id)).toMatchObject({ status: 'failed', error: expect.stringMatching(/zip bomb/) });

    // Unharmed: the next resume is read as before.
    const after = await settled((await accepted(await upload(await samplePdf(), 'again.pdf', 'contact-after'))).id);
    expect(after.preview!.profile).toMatchObject({ name: { full: 'Ada Lovelace' } });
  });

  it('queues a failed file again when it is sent again', async () => {
    const again = await accepted(await upload(corruptPdf(), 'corrupt.pdf'));
    expect(again).toMatchObject({ duplicate: true, status: 'queued' });
    expect((await settled(again.id)).status).toBe('failed');
  });

  it('compares with the contact’s current values when the CRM feature plugs in a reader, and retries when it fails', async () => {
    const contacts: Record<string, CurrentContact> = {
      'contact-known': {
        firstName: 'Ada',
        lastName: 'Lovelace',
        emails: ['ADA@analytical.example'],
        phone: '+44 20 0000 0000',
        skills: ['TypeScript', 'Rust'],
        timezone: 'UTC+00:00',
      },
    };
    let crmDown = true;
    app.app.get(ContactReaders).use({
      read: (id) => {
        if (id === 'contact-flaky' && crmDown) return Promise.reject(new Error('EspoCRM answered 503'));
        return Promise.resolve(contacts[id] ?? null);
      },
    });
    const known = await settled((await accepted(await upload(adaPdf, 'ada.pdf', 'contact-known'))).id);
    expect(known.preview!.comparedWithContact).toBe(true);
    const changes = Object.fromEntries(known.preview!.changes.map((c) => [c.field, c]));
    expect(changes.lastName).toBeUndefined();
    expect(changes.emails).toBeUndefined();
    expect(changes.timezone).toBeUndefined();
    expect(changes.phone).toEqual({
      field: 'phone',
      current: '+44 20 0000 0000',
      proposed: '+442079460958',
      kind: 'change',
    });
    expect(changes.skills).toEqual({
      field: 'skills',
      current: ['TypeScript', 'Rust'],
      proposed: ['Node.js', 'PostgreSQL', 'Docker'],
      kind: 'add',
    });

    const flaky = await accepted(await upload(adaPdf, 'ada.pdf', 'contact-flaky'));
    const failedOnce = await waitFor(async () => {
      const view = (await (await app.api(`/jobs/${flaky.jobId}`)).json()) as { state: string; lastError: unknown };
      return view.state === 'failed' ? view : undefined;
    }, 'the first attempt to fail');
    expect(JSON.stringify(failedOnce.lastError)).toContain('EspoCRM answered 503');
    crmDown = false;
    const done = await settled(flaky.id);
    expect(done).toMatchObject({ status: 'succeeded', preview: { comparedWithContact: false } });
  });
});
