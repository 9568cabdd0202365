import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, markDocument, screenshot, stillSameDocument, WAIT } from './support/chromium';
import { bootstrapLink } from './support/dashboard';
import { FakeEspoCrm } from './support/fake-espocrm';
import { corruptPdf, encryptedPdf, samplePdf } from './support/resume-files';
import { startTestApp, TestApp, waitFor } from './support/switchyard';
import { createTestDatabase, TestDatabase } from './support/test-database';

interface AuditRow {
  action: string;
  target: string | null;
  actor_name: string | null;
  data: { request?: Record<string, unknown> };
}

/**
 * A person's resume on the dashboard, in Chromium, against a loopback EspoCRM with the real worker:
 * uploaded from the person's page, reviewed (current value against proposed, ticked where the contact
 * has nothing yet), the ticked fields applied and the contact in EspoCRM changed in those only; files
 * too large or of the wrong type refused on the page; a CRM attachment extracted; every step audited.
 */
describe('resume review on the dashboard in Chromium', () => {
  const espo = new FakeEspoCrm('review-espo-key');
  let db: TestDatabase;
  let app: TestApp;
  let dataDir: string;
  let browser: Browser;
  let page: Page;
  let ada = '';
  let adaPerson = '';
  let firstExtraction = '';
  const problems: string[] = [];

  beforeAll(async () => {
    await espo.start();
    dataDir = await mkdtemp(join(tmpdir(), 'switchyard-resume-review-'));
    db = await createTestDatabase();
    app = await startTestApp({
      databaseUrl: db.url,
      roles: ['api', 'worker'],
      env: {
        AUTH_BOOTSTRAP_LOGIN: 'on',
        DATA_DIR: dataDir,
        ESPO_BASE_URL: espo.url,
        ESPO_API_KEY: 'review-espo-key',
        MAX_FILE_SIZE_MB: '1',
        ALLOWED_FILE_TYPES: 'pdf,docx',
        JOB_RETRY_BASE_SECONDS: '1',
        // One EspoCRM attempt per job attempt: a scripted outage makes the extraction job retry.
        ESPO_MAX_ATTEMPTS: '1',
        CRM_REFRESH_DEBOUNCE_SECONDS: '0',
      },
    });
    ada = espo.addContact({
      firstName: 'Ada',
      lastName: 'King',
      emailAddress: 'ada@old.example',
      emailAddressData: [{ emailAddress: 'ada@old.example', primary: true, optOut: false, invalid: false }],
      skills: ['Rust'],
      cSeniority: 'junior',
    }).id;
    espo.attachFile(ada, { name: 'ada-cv.pdf', type: 'application/pdf', bytes: await samplePdf() });
    expect((await app.api('/sync/people', { method: 'POST' })).status).toBe(202);
    adaPerson = await waitFor(
      async () =>
        (await db.query<{ id: string }>('SELECT id FROM people WHERE crm_id = $1', [ada]))[0]?.id ?? undefined,
      'the people sync',
    );
    browser = await launchChromium();
    page = await (await browser.newContext()).newPage();
    page.on('response', (r) => {
      if (r.status() >= 500) problems.push(`${r.status()} ${r.url()}`);
    });
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(await bootstrapLink(app.url, db));
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await db?.drop();
    await espo.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const audit = (action: string) =>
    db.query<AuditRow>(`SELECT action, target, actor_name, data FROM audit_events WHERE action = $1 ORDER BY id`, [
      action,
    ]);
  const openAda = async () => {
    await page.goto(`${app.url}/dashboard/people?q=ada`);
    await page.getByRole('link', { name: 'Ada King' }).click();
    await page.getByRole('heading', { name: 'Read a resume', level: 2 }).waitFor(WAIT);
    expect(new URL(page.url()).pathname).toBe(`/dashboard/people/${adaPerson}`);
  };
  const upload = async (name: string, mimeType: string, buffer: Buffer) => {
    await page.getByLabel('Upload a resume').setInputFiles({ name, mimeType, buffer });
    await page.getByRole('button', { name: 'Upload and extract' }).click();
  };
  const rowOf = (field: string) => page.locator(`#proposed-changes tr[data-field="${field}"]`);
  const cells = async (selector: string) =>
    page
      .locator(selector)
      .evaluateAll((trs) =>
        Object.fromEntries(
          trs.map((tr) => [
            tr.getAttribute('data-field'),
            [...tr.querySelectorAll('th, td')].map((c) => c.textContent!.replace(/\s+/g, ' ').trim()),
          ]),
        ),
      );

  it('uploads a resume, shows current against proposed, applies only the ticked fields and says what changed', async () => {
    await openAda();
    await upload('ada.pdf', 'application/pdf', await samplePdf());
    await page.getByRole('heading', { name: 'Resume review' }).waitFor(WAIT);
    expect(new URL(page.url()).pathname).toMatch(/^\/dashboard\/people\/resumes\/[0-9a-f-]{36}$/);
    const extractionId = new URL(page.url()).pathname.split('/').pop()!;
    firstExtraction = extractionId;
    // The worker reads the file; the page updates by itself (live updates) once the job is done.
    await page.locator('#proposed-changes').waitFor(WAIT);

    const table = await cells('#proposed-changes tbody tr');
    expect(table.lastName!.slice(1)).toEqual(['Last name', 'King', 'Lovelace']);
    expect(table.seniority!.slice(1)).toEqual(['Seniority', 'junior', 'senior']);
    expect(table.emails!.slice(1)).toEqual(['E-mail addresses', 'ada@old.example', 'add ada@analytical.example']);
    expect(table.timezone!.slice(1)).toEqual(['Time zone', 'none', 'UTC+00:00']);
    expect(table.firstName).toBeUndefined();
    // Ticked where the contact has no value yet; left alone where it has one.
    expect(await rowOf('timezone').getByRole('checkbox').isChecked()).toBe(true);
    expect(await rowOf('lastName').getByRole('checkbox').isChecked()).toBe(false);
    expect(await rowOf('seniority').getByRole('checkbox').isChecked()).toBe(false);
    expect(await rowOf('skills').getByRole('checkbox').isChecked()).toBe(false);
    expect(await page.locator('#extractor').innerText()).toContain('Read by the heuristics');
    await screenshot(page, 'resume-review');

    // Exactly these three: last name (replacing), skills (adding to Rust) and time zone (new).
    for (const box of await page.locator('#proposed-changes input[type="checkbox"]').all()) await box.uncheck();
    await page.getByRole('checkbox', { name: 'Last name' }).check();
    await page.getByRole('checkbox', { name: 'Skills' }).check();
    await page.getByRole('checkbox', { name: 'Time zone' }).check();
    await page.getByRole('button', { name: 'Apply selected' }).click();
    await page.getByRole('heading', { name: 'Resume applied' }).waitFor(WAIT);
    expect(await page.locator('#apply-summary').innerText()).toContain('3 changed, 0 unchanged, 0 failed');
    const applied = await cells('#applied-fields tbody tr');
    expect(applied.lastName).toEqual(['Last name', 'changed', 'King', 'Lovelace', '']);
    expect(applied.skills).toEqual(['Skills', 'changed', 'Rust', 'Rust, TypeScript, Node.js, PostgreSQL, Docker', '']);
    expect(applied.timezone).toEqual(['Time zone', 'changed', 'none', 'UTC+00:00', '']);
    await screenshot(page, 'resume-applied');

    // EspoCRM's contact: the ticked fields written, nothing else.
    expect(espo.contacts.get(ada)).toMatchObject({
      firstName: 'Ada',
      lastName: 'Lovelace',
      skills: ['Rust', 'TypeScript', 'Node.js', 'PostgreSQL', 'Docker'],
      cTimezone: 'UTC+00:00',
      cSeniority: 'junior',
      emailAddress: 'ada@old.example',
    });
    expect(espo.contacts.get(ada)!.phoneNumber).toBeUndefined();
    expect(espo.count('PATCH', new RegExp(`/Contact/${ada}$`))).toBe(3);

    // Audited: the upload (naming the person and the file) and the apply (naming the extraction and the fields).
    const [extracted] = await audit('resume.extract');
    expect(extracted).toMatchObject({ target: adaPerson, data: { request: { extractionId } } });
    expect(extracted!.data.request!.file).toMatchObject({ name: 'ada.pdf' });
    const [apply] = await audit('resume.apply');
    expect(apply).toMatchObject({ target: extractionId });
    expect(apply!.data.request!.fields).toEqual(['lastName', 'timezone', 'skills']);

    // Applying the same resume again changes nothing more.
    await page.goto(`${app.url}/dashboard/people/resumes/${extractionId}`);
    for (const box of await page.locator('#proposed-changes input[type="checkbox"]').all()) await box.uncheck();
    await page.getByRole('checkbox', { name: 'Last name' }).check();
    await page.getByRole('checkbox', { name: 'Skills' }).check();
    await page.getByRole('button', { name: 'Apply selected' }).click();
    await page.getByRole('heading', { name: 'Resume applied' }).waitFor(WAIT);
    expect(await page.locator('#apply-summary').innerText()).toContain('0 changed, 2 unchanged, 0 failed');
    expect(espo.contacts.get(ada)!.skills).toEqual(['Rust', 'TypeScript', 'Node.js', 'PostgreSQL', 'Docker']);

    // Applying queued a re-read of the contact: the person's page shows the new skills.
    await waitFor(async () => {
      await page.goto(`${app.url}/dashboard/people/${adaPerson}`);
      return (await page.locator('main').innerText()).includes('PostgreSQL') || undefined;
    }, 'the person page to show the applied skills');
    const refreshes = await db.query(`SELECT 1 FROM pgboss.job WHERE name = 'people.refresh' AND data->>'crmId' = $1`, [
      ada,
    ]);
    expect(refreshes.length).toBeGreaterThanOrEqual(1);
    // The person's page lists the resumes read for the contact, each back to its review.
    const listed = page.locator('#resume-extractions tbody tr', { hasText: 'ada.pdf' });
    expect(await listed.innerText()).toContain('ready to review');
    await listed.getByRole('link', { name: 'ada.pdf' }).click();
    await page.locator('#proposed-changes').waitFor(WAIT);
    expect(new URL(page.url()).pathname).toBe(`/dashboard/people/resumes/${extractionId}`);
    expect(problems).toEqual([]);
  });

  it('refuses a file too large or of a type not allowed with the reason by the form, an attachment the contact does not list, a post without CSRF token, and an apply with nothing ticked', async () => {
    const before = (await audit('resume.extract')).length;
    await openAda();
    const refused = page.waitForResponse((r) => r.url().endsWith(`/people/${adaPerson}/resumes`), WAIT);
    await upload('huge.pdf', 'application/pdf', Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(1_200_000)]));
    expect((await refused).status()).toBe(413);
    await page.getByRole('alert').filter({ hasText: 'larger than 1 MB (MAX_FILE_SIZE_MB)' }).waitFor(WAIT);
    await screenshot(page, 'resume-too-large');

    const wrongType = page.waitForResponse((r) => r.url().endsWith(`/people/${adaPerson}/resumes`), WAIT);
    await upload('notes.txt', 'text/plain', Buffer.from('Ada Lovelace\nada@analytical.example\n'));
    expect((await wrongType).status()).toBe(415);
    await page.getByRole('alert').filter({ hasText: 'accepted here: pdf, docx (ALLOWED_FILE_TYPES)' }).waitFor(WAIT);
    // The form is there again to try another file; nothing was audited or queued.
    await page.getByRole('button', { name: 'Upload and extract' }).waitFor(WAIT);
    expect(await audit('resume.extract')).toHaveLength(before);
    expect(await page.locator('#resume-extractions').innerText()).not.toContain('huge.pdf');

    // An attachment the contact does not list, and a form posted without the CSRF header: refused, never a 500.
    const csrf = (await page.locator('input[name="_csrf"]').first().getAttribute('value'))!;
    const foreign = await page.request.post(`${app.url}/dashboard/people/${adaPerson}/resumes`, {
      headers: { 'x-csrf-token': csrf },
      form: { attachmentId: 'someone-elses' },
    });
    expect(foreign.status()).toBe(400);
    expect(await foreign.text()).toContain('one of the resume attachments');
    const noToken = await page.request.post(`${app.url}/dashboard/people/${adaPerson}/resumes`, {
      multipart: { file: { name: 'ada.pdf', mimeType: 'application/pdf', buffer: await samplePdf() } },
      maxRedirects: 0,
    });
    expect(noToken.status()).toBe(403);
    expect(await audit('resume.extract')).toHaveLength(before);

    // Apply with nothing ticked: the review again, saying so.
    await page.goto(`${app.url}/dashboard/people/resumes/${firstExtraction}`);
    for (const box of await page.locator('#proposed-changes input[type="checkbox"]').all()) await box.uncheck();
    await page.getByRole('button', { name: 'Apply selected' }).click();
    await page.getByRole('alert').filter({ hasText: 'Tick at least one field to apply' }).waitFor(WAIT);
    await page.locator('#proposed-changes').waitFor(WAIT);
    expect(problems).toEqual([]);
  });

  it.each([
    ['broken.pdf', corruptPdf, /Invalid PDF structure/],
    ['locked.pdf', encryptedPdf, /password-protected \(encrypted\)/],
  ])("shows the job's reason for a file that cannot be read (%s)", async (name, file, why) => {
    await openAda();
    await upload(name, 'application/pdf', await file());
    await page.getByRole('heading', { name: 'Resume review' }).waitFor(WAIT);
    const reason = page.getByRole('alert').filter({ hasText: 'Extraction failed' });
    await reason.waitFor(WAIT);
    expect(await reason.innerText()).toMatch(why);
    expect(await page.locator('#proposed-changes').count()).toBe(0);
    await screenshot(page, `resume-unreadable-${name}`);
    expect(problems).toEqual([]);
  });

  it("extracts one of the contact's resume attachments, updates the page when the job is done, and says which fields EspoCRM refused", async () => {
    await openAda();
    // EspoCRM is down for the job's first two reads of the contact: the job retries, the page waits.
    espo.fail('GET', new RegExp(`/Contact/${ada}$`), { status: 503, reason: 'Maintenance' }, 2);
    await page.getByLabel('Extract from a CRM attachment').selectOption({ label: 'ada-cv.pdf' });
    await page.getByRole('button', { name: 'Extract from EspoCRM' }).click();
    await page.getByRole('heading', { name: 'Resume review' }).waitFor(WAIT);
    await page.getByRole('status').filter({ hasText: 'Extracting' }).waitFor(WAIT);
    await markDocument(page);
    // The live update swaps the review in, without a reload.
    await page.locator('#proposed-changes').waitFor(WAIT);
    expect(await stillSameDocument(page)).toBe(true);
    expect(await page.locator('main').innerText()).toContain('ada-cv.pdf');
    // Compared with the contact as it is now: the last name applied above is no longer proposed.
    expect(await rowOf('lastName').count()).toBe(0);
    const audited = await audit('resume.extract');
    expect(audited.at(-1)!.data.request).toMatchObject({ attachmentId: expect.any(String) });

    // EspoCRM refuses the seniority value: that field fails with its reason, the phone is written.
    espo.refusedAttributes.set('cSeniority', 'Not valid value for cSeniority');
    try {
      for (const box of await page.locator('#proposed-changes input[type="checkbox"]').all()) await box.uncheck();
      await page.getByRole('checkbox', { name: 'Seniority' }).check();
      await page.getByRole('checkbox', { name: 'Phone' }).check();
      await page.getByRole('button', { name: 'Apply selected' }).click();
      await page.getByRole('heading', { name: 'Resume applied' }).waitFor(WAIT);
    } finally {
      espo.refusedAttributes.clear();
    }
    expect(await page.locator('#apply-summary').innerText()).toContain('1 changed, 0 unchanged, 1 failed');
    const applied = await cells('#applied-fields tbody tr');
    expect(applied.phone!.slice(0, 2)).toEqual(['Phone', 'changed']);
    expect(applied.seniority!.slice(0, 4)).toEqual(['Seniority', 'failed', 'junior', 'junior']);
    expect(applied.seniority![4]).toContain('Not valid value for cSeniority');
    expect(espo.contacts.get(ada)).toMatchObject({ cSeniority: 'junior', phoneNumber: '+442079460958' });
    await screenshot(page, 'resume-partly-applied');
    expect(problems).toEqual([]);
  });

  it('says resume extraction is EspoCRM-only on a HubSpot person', async () => {
    const [grace] = await db.query<{ id: string }>(
      `INSERT INTO people (crm, crm_id, name, record_hash) VALUES ('hubspot', '9001', 'Grace Hopper', 'x') RETURNING id`,
    );
    await page.goto(`${app.url}/dashboard/people/${grace!.id}`);
    await page.getByRole('heading', { name: 'Read a resume', level: 2 }).waitFor(WAIT);
    expect(await page.locator('#resume').innerText()).toContain('EspoCRM-only');
    expect(await page.getByLabel('Upload a resume').count()).toBe(0);
  });
});
