import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JobQueue } from '../src/platform/queue/job-queue';
import { DownloadLinks } from '../src/storage/download-links';
import { pruneEventsQueue } from '../src/webhooks/retention/prune-events.queue';
import { launchChromium, WAIT } from './support/chromium';
import { bootstrapBrowser, bootstrapLink, visibleText } from './support/dashboard';
import { FakeEspoCrm } from './support/fake-espocrm';
import { FakeS3 } from './support/fake-s3';
import { samplePdf } from './support/resume-files';
import { startTestApp, TestApp, waitFor } from './support/switchyard';
import { createTestDatabase, TestDatabase } from './support/test-database';

const KEY = 'resume-links-key';
const SECRETS_KEY = 'test-secrets-key-0123456789-abcdefghij';

interface ResumeFile {
  ref: string;
  source: 'crm' | 'stored';
  name: string;
  type: string | null;
  attachmentId?: string;
  extractionId?: string;
}
interface Link {
  url: string;
  expiresAt: string;
  file: { name: string; contentType: string };
}

async function syncPeople(app: TestApp, db: TestDatabase, runs: number) {
  expect((await app.api('/sync/people', { method: 'POST' })).status).toBe(202);
  await waitFor(
    async () => (await db.query(`SELECT 1 FROM people_sync_runs WHERE status = 'succeeded'`)).length === runs,
    'the people sync',
  );
}

const personId = async (db: TestDatabase, crmId: string) =>
  (await db.query<{ id: string }>('SELECT id FROM people WHERE crm_id = $1', [crmId]))[0]!.id;

const bytesOf = async (res: Response) => Buffer.from(await res.arrayBuffer());

/** A person's resumes on the People page and the API, each downloaded through an expiring signed link. */
describe('resume downloads (disk storage)', () => {
  const espo = new FakeEspoCrm(KEY);
  let db: TestDatabase;
  let app: TestApp;
  let dataDir: string;
  let pdf: Buffer;
  const cv = Buffer.from('Ada Lovelace\nSkills: TypeScript, Go\n');
  let ada = '';
  let bob = '';
  let cvId = '';
  let pdfId = '';
  let bobsFile = '';

  beforeAll(async () => {
    await espo.start();
    dataDir = await mkdtemp(join(tmpdir(), 'switchyard-resume-links-'));
    pdf = await samplePdf();
    db = await createTestDatabase();
    app = await startTestApp({
      databaseUrl: db.url,
      roles: ['api', 'worker'],
      env: { DATA_DIR: dataDir, ESPO_BASE_URL: espo.url, ESPO_API_KEY: KEY, AUTH_BOOTSTRAP_LOGIN: 'on' },
    });
    ada = espo.addContact({ firstName: 'Ada', lastName: 'Lovelace' }).id;
    bob = espo.addContact({ firstName: 'Bob', lastName: 'Other' }).id;
    pdfId = espo.attachFile(ada, { name: 'ada-cv.pdf', type: 'application/pdf', bytes: pdf });
    // The CRM says HTML; the bytes are text: the link serves what the bytes are.
    cvId = espo.attachFile(ada, { name: 'ada "notes";.txt', type: 'text/html', bytes: cv });
    bobsFile = espo.attachFile(bob, { name: 'bob.txt', type: 'text/plain', bytes: Buffer.from('Bob\n') });
    await syncPeople(app, db, 1);
  });
  afterAll(async () => {
    await app?.stop();
    await db?.drop();
    await espo.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const link = (person: string, ref: string) =>
    app.api(`/people/${person}/resumes/${encodeURIComponent(ref)}/link`, { method: 'POST' });

  it("lists the contact's resume attachments (newest first) and files the resume pipeline stored for it", async () => {
    const form = new FormData();
    form.append('file', new Blob([Buffer.from('Ada L.\nUploaded résumé\n')]), 'uploaded.txt');
    form.append('contactId', ada);
    expect((await app.api('/jobs/resume-extract', { method: 'POST', body: form })).status).toBe(202);

    const res = await app.api(`/people/${await personId(db, ada)}/resumes`);
    expect(res.status).toBe(200);
    const { files } = (await res.json()) as { files: ResumeFile[] };
    expect(files.map((f) => [f.source, f.name])).toEqual([
      ['crm', 'ada "notes";.txt'],
      ['crm', 'ada-cv.pdf'],
      ['stored', 'uploaded.txt'],
    ]);
    expect(files[0]).toMatchObject({ ref: `crm-${cvId}`, attachmentId: cvId });
    expect((await app.api('/people/not-a-uuid/resumes')).status).toBe(400);
  });

  it('a CRM attachment downloads through a signed link with its exact bytes, without signing in', async () => {
    const id = await personId(db, ada);
    for (const [ref, bytes, type] of [
      [`crm-${pdfId}`, pdf, 'application/pdf'],
      [`crm-${cvId}`, cv, 'text/plain; charset=utf-8'],
    ] as const) {
      const res = await link(id, ref);
      expect(res.status).toBe(200);
      const body = (await res.json()) as Link;
      expect(new URL(body.url)).toMatchObject({
        port: new URL(app.url).port,
        pathname: expect.stringMatching(/^\/files\//),
      });
      expect(Date.parse(body.expiresAt) - Date.now()).toBeGreaterThan(800_000);
      const file = await fetch(body.url);
      expect(file.status).toBe(200);
      expect(file.headers.get('content-type')).toBe(type);
      expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename="/);
      expect((await bytesOf(file)).equals(bytes)).toBe(true);
    }
    // Asking again (the copy is in storage already) gives a working link too.
    const again = (await (await link(id, `crm-${pdfId}`)).json()) as Link;
    expect((await bytesOf(await fetch(again.url))).equals(pdf)).toBe(true);

    const [audit] = await db.query<{ source: string; target: string }>(
      `SELECT source, target FROM audit_events WHERE action = 'resume.download_link' ORDER BY id LIMIT 1`,
    );
    expect(audit).toEqual({ source: 'api', target: id });
  });

  it('a tampered link is refused (404), an expired one is 410, unsigned files are not served', async () => {
    const { url } = (await (await link(await personId(db, ada), `crm-${pdfId}`)).json()) as Link;
    const token = url.slice(url.lastIndexOf('/') + 1);
    const [payload, mac] = token.split('.') as [string, string];
    const flipped = `${payload}.${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`;
    expect((await fetch(`${app.url}/files/${flipped}`)).status).toBe(404);
    // The same claims for another object, keeping the signature: refused.
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, k: `crm-attachments/a-${bobsFile}.txt` })).toString(
      'base64url',
    );
    expect((await fetch(`${app.url}/files/${forged}.${mac}`)).status).toBe(404);
    // A link signed with the app's own key whose time is up.
    const expired = new DownloadLinks(SECRETS_KEY).sign({
      key: String(claims.k),
      filename: 'ada-cv.pdf',
      contentType: 'application/pdf',
      expiresAt: Math.floor(Date.now() / 1000) - 1,
    });
    const gone = await fetch(`${app.url}/files/${expired}`);
    expect(gone.status).toBe(410);
    expect(((await gone.json()) as { message: string }).message).toMatch(/expired/);
    // The routes that make links are for admins only.
    expect((await fetch(`${app.url}/people/${await personId(db, ada)}/resumes`)).status).toBe(401);
  });

  it("refuses an attachment that is not in the contact's resume field in EspoCRM (now), and a stranger's stored file", async () => {
    const id = await personId(db, ada);
    const other = await link(id, `crm-${bobsFile}`);
    expect(other.status).toBe(404);
    expect(((await other.json()) as { message: string }).message).toMatch(/not in contact .* resume field/);
    expect((await link(id, 'nonsense')).status).toBe(400);
    expect((await link(id, 'stored-not-a-uuid')).status).toBe(400);

    // Unlinked in EspoCRM since the last sync: the cache still lists it, the link is refused.
    const gone = espo.attachFile(ada, { name: 'old.txt', type: 'text/plain', bytes: Buffer.from('old\n') });
    await syncPeople(app, db, 2);
    const record = espo.contacts.get(ada)!;
    espo.changeContact(ada, { resumeIds: (record.resumeIds as string[]).filter((r) => r !== gone) });
    expect((await link(id, `crm-${gone}`)).status).toBe(404);

    const form = new FormData();
    form.append('file', new Blob([Buffer.from('Bob Other\nGo\n')]), 'bob-upload.txt');
    form.append('contactId', bob);
    const upload = (await (await app.api('/jobs/resume-extract', { method: 'POST', body: form })).json()) as {
      id: string;
    };
    expect((await link(id, `stored-${upload.id}`)).status).toBe(404);
    const own = await link(await personId(db, bob), `stored-${upload.id}`);
    expect(own.status).toBe(200);
    const file = await fetch(((await own.json()) as Link).url);
    expect(await file.text()).toBe('Bob Other\nGo\n');
  });

  it('the People page lists the resumes; Download redirects to a fresh signed link, audited as the admin', async () => {
    const { cookie } = await bootstrapBrowser(app.url, db);
    const me = (await (await fetch(`${app.url}/auth/me`, { headers: { cookie } })).json()) as { csrfToken: string };
    const id = await personId(db, ada);
    const page = await fetch(`${app.url}/dashboard/people/${id}`, { headers: { cookie } });
    const html = await page.text();
    const text = visibleText(html);
    expect(text).toContain('ada-cv.pdf EspoCRM resume field');
    expect(text).toMatch(/uploaded\.txt stored by the resume pipeline/);
    expect(html).toContain(`action="/dashboard/people/${id}/resumes/crm-${pdfId}/download"`);
    expect(page.headers.get('content-security-policy')).toContain("form-action 'self';");

    const download = (ref: string, headers: Record<string, string>) =>
      fetch(`${app.url}/dashboard/people/${id}/resumes/${ref}/download`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams({ _csrf: me.csrfToken }),
      });
    const res = await download(`crm-${pdfId}`, { cookie });
    expect(res.status).toBe(303);
    const location = res.headers.get('location')!;
    expect(location).toMatch(/^\/files\//);
    expect((await bytesOf(await fetch(`${app.url}${location}`))).equals(pdf)).toBe(true);
    const [audit] = await db.query<{ actor_name: string }>(
      `SELECT actor_name FROM audit_events WHERE action = 'resume.download_link' AND source = 'admin_dashboard'`,
    );
    expect(audit).toBeDefined();

    // Without a session nothing is read from EspoCRM or storage.
    const before = espo.count('GET', /Attachment\/file/);
    expect([401, 302, 303]).toContain((await download(`crm-${pdfId}`, {})).status);
    expect(espo.count('GET', /Attachment\/file/)).toBe(before);

    // In Chromium, clicking Download saves the file.
    const browser = await launchChromium();
    try {
      const tab = await (await browser.newContext({ acceptDownloads: true })).newPage();
      await tab.goto(await bootstrapLink(app.url, db));
      await tab.goto(`${app.url}/dashboard/people/${id}`);
      const [saved] = await Promise.all([
        tab.waitForEvent('download', WAIT),
        tab.getByRole('button', { name: 'Download ada-cv.pdf' }).click(),
      ]);
      expect(saved.suggestedFilename()).toBe('ada-cv.pdf');
      expect((await readFile(await saved.path())).equals(pdf)).toBe(true);
    } finally {
      await browser.close();
    }
  });

  it('keeps a CRM copy only while a link needs it: the hourly prune removes it after', async () => {
    const id = await personId(db, ada);
    const { url } = (await (await link(id, `crm-${pdfId}`)).json()) as Link;
    const [copy] = await db.query<{ object_key: string; needed_until: Date }>(
      'SELECT object_key, needed_until FROM download_copies WHERE object_key = $1',
      [`crm-attachments/a-${pdfId}.pdf`],
    );
    // The link's 15 minutes, and 10 more for a download under way.
    expect(copy!.needed_until.getTime() - Date.now()).toBeGreaterThan(24 * 60_000);
    expect((await fetch(url)).status).toBe(200);

    await db.query(`UPDATE download_copies SET needed_until = now() - interval '1 second'`);
    const { id: jobId } = await app.app.get(JobQueue).send(pruneEventsQueue, {});
    const pruned = await waitFor(async () => {
      const body = (await (await app.api(`/jobs/${jobId}`)).json()) as {
        state: string;
        result: { others: Record<string, number> };
      };
      return body.state === 'succeeded' && body.result.others;
    }, 'the prune job');
    expect(pruned.download_copies).toBeGreaterThanOrEqual(1);
    expect(await db.query('SELECT 1 FROM download_copies')).toEqual([]);
    // The copy is gone, so is what the old link served; a new link copies it again.
    expect((await fetch(url)).status).toBe(404);
    const fresh = (await (await link(id, `crm-${pdfId}`)).json()) as Link;
    expect((await bytesOf(await fetch(fresh.url))).equals(pdf)).toBe(true);
  });
});

/** On MinIO/S3 the link is presigned for the public endpoint; S3 itself refuses a tampered one. */
describe('resume downloads (S3 storage)', () => {
  const espo = new FakeEspoCrm(KEY);
  const s3 = new FakeS3();
  let db: TestDatabase;
  let app: TestApp;

  beforeAll(async () => {
    await Promise.all([espo.start(), s3.start()]);
    db = await createTestDatabase();
    app = await startTestApp({
      databaseUrl: db.url,
      roles: ['api', 'worker'],
      env: { ...s3.env('people-resumes'), ESPO_BASE_URL: espo.url, ESPO_API_KEY: KEY, AUTH_BOOTSTRAP_LOGIN: 'on' },
    });
  });
  afterAll(async () => {
    await app?.stop();
    await db?.drop();
    await Promise.all([espo.stop(), s3.stop()]);
  });

  it('downloads the exact bytes from S3; a tampered signature is refused by S3', async () => {
    const pdf = await samplePdf();
    const ada = espo.addContact({ firstName: 'Ada', lastName: 'S3' }).id;
    const attachment = espo.attachFile(ada, { name: 'ada.pdf', type: 'application/pdf', bytes: pdf });
    await syncPeople(app, db, 1);
    const id = await personId(db, ada);
    const res = await app.api(`/people/${id}/resumes/crm-${attachment}/link`, { method: 'POST' });
    expect(res.status).toBe(200);
    const { url } = (await res.json()) as Link;
    expect(url.startsWith(`${s3.endpoint}/people-resumes/crm-attachments/`)).toBe(true);
    expect(url).toContain('X-Amz-Expires=');
    const file = await fetch(url);
    expect(file.status).toBe(200);
    expect((await bytesOf(file)).equals(pdf)).toBe(true);
    const tampered = url.replace(
      /X-Amz-Signature=([0-9a-f])/,
      (_m, c: string) => `X-Amz-Signature=${c === 'a' ? 'b' : 'a'}`,
    );
    expect(tampered).not.toBe(url);
    expect((await fetch(tampered)).status).toBe(403);

    // The person page lets its Download forms end on the storage's public endpoint.
    const { cookie } = await bootstrapBrowser(app.url, db);
    const page = await fetch(`${app.url}/dashboard/people/${id}`, { headers: { cookie } });
    expect(page.headers.get('content-security-policy')).toContain(`form-action 'self' ${s3.endpoint};`);

    // In Chromium: the Download button's form (not boosted by htmx) lands on the presigned link, which the
    // page's CSP allows, and the file arrives.
    const browser = await launchChromium();
    try {
      const context = await browser.newContext({ acceptDownloads: true });
      const tab = await context.newPage();
      await tab.goto(await bootstrapLink(app.url, db));
      await tab.goto(`${app.url}/dashboard/people/${id}`);
      const [download] = await Promise.all([
        tab.waitForEvent('download', WAIT),
        tab.getByRole('button', { name: 'Download ada.pdf' }).click(),
      ]);
      expect(download.suggestedFilename()).toBe('ada.pdf');
      expect((await readFile(await download.path())).equals(pdf)).toBe(true);
    } finally {
      await browser.close();
    }
  });
});
