import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootstrapBrowser, visibleText } from './support/dashboard';
import { Dovecot, mail } from './support/dovecot';
import { FakeEspoCrm } from './support/fake-espocrm';
import { freePort } from './support/free-port';
import { runSwitchyard } from './support/child-process';
import { captureLogs } from './support/log-capture';
import { selfSignedCertificate } from './support/ops-tools';
import { Scrape } from './support/prometheus';
import { MAX_MESSAGES_PER_POLL } from '../src/people/mail-intake/mailbox-poller';
import { sampleDocx, samplePdf } from './support/resume-files';
import { startTestApp, TEST_API_SECRET, TestApp, waitFor } from './support/switchyard';
import { createTestDatabase, TestDatabase } from './support/test-database';

const USER = 'intake';
const PASSWORD = 'mailbox-Pass-7f3k9';
const WRONG_PASSWORD = 'not-the-Pass-q81zz';
const KEY = 'mail-intake-espo-key';

interface Attachment {
  fileName: string;
  outcome: 'queued' | 'duplicate' | 'refused';
  reason?: string;
  extractionId?: string;
}
interface Message {
  uid: number;
  messageId: string | null;
  sender: string | null;
  subject: string | null;
  outcome: 'taken' | 'skipped';
  reason: string | null;
  contactId: string | null;
  attachments: Attachment[];
}
interface Poll {
  id: string;
  trigger: string;
  jobId: string | null;
  status: 'running' | 'succeeded' | 'failed';
  taken: number;
  skipped: number;
  alreadyHandled: number;
  error: string | null;
}
interface Status {
  enabled: boolean;
  lastPoll: Poll | null;
  lastError: string | null;
  counts: { taken: number; skipped: number };
  polls: Poll[];
  messages: Message[];
}
interface Extraction {
  id: string;
  status: 'queued' | 'succeeded' | 'failed';
  contactId: string | null;
  requestedBy: string;
  file: { name: string; type: string };
  preview: { comparedWithContact: boolean; profile: Record<string, unknown> } | null;
}

/**
 * The mailbox intake against Debian's Dovecot on loopback: real IMAP (APPEND to deliver, flags read
 * back), the real worker polling through pg-boss, resumes through the real extraction pipeline.
 */
describe('resumes from a mailbox (IMAP)', () => {
  const espo = new FakeEspoCrm(KEY);
  let dovecot: Dovecot;
  let db: TestDatabase;
  let app: TestApp | undefined;
  let dataDir: string;
  let pdf: Buffer;
  let docx: Buffer;
  let adaId: string;
  const logs = captureLogs();

  const env = (overrides: Record<string, string> = {}) => ({
    DATA_DIR: dataDir,
    ESPO_BASE_URL: espo.url,
    ESPO_API_KEY: KEY,
    MAX_FILE_SIZE_MB: '2',
    EMAIL_RESUME_INTAKE_ENABLED: 'on',
    IMAP_SERVER: `127.0.0.1:${dovecot.port}`,
    IMAP_TLS: 'plain',
    EMAIL_USERNAME: USER,
    EMAIL_PASSWORD: PASSWORD,
    // Polls come from "check now" here; the schedule's hourly tick stays out of the way.
    CHECK_EMAIL_WAIT: '3600',
    EMAIL_RESUME_MAX_FILE_SIZE_MB: '1',
    AUTH_BOOTSTRAP_LOGIN: 'on',
    ...overrides,
  });
  /** Starts the app; the poll every worker asks for at start, once it has run. */
  const start = async (overrides: Record<string, string> = {}): Promise<Poll> => {
    // Before the first start the migrations have not made the table yet.
    const earlier = new Set(
      (await db.query<{ id: string }>('SELECT id FROM mail_intake_polls').catch(() => [])).map((row) => row.id),
    );
    app = await startTestApp({
      databaseUrl: db.url,
      roles: ['api', 'worker'],
      env: env(overrides),
      logger: logs.logger,
    });
    return waitFor(
      async () => (await status()).polls.find((p) => !earlier.has(p.id) && p.status !== 'running'),
      'the first poll',
      30_000,
    );
  };
  const stop = async () => {
    await app?.stop();
    app = undefined;
  };

  const status = async (): Promise<Status> => {
    const res = await app!.api('/people/mail-intake');
    expect(res.status).toBe(200);
    return (await res.json()) as Status;
  };
  /** "Check the mailbox now", and that poll's outcome. */
  const poll = async (): Promise<Poll> => {
    for (;;) {
      const res = await app!.api('/people/mail-intake/poll', { method: 'POST' });
      expect(res.status).toBe(202);
      const asked = (await res.json()) as { jobId: string; queued: boolean; state?: string };
      const done = await waitFor(
        async () => (await status()).polls.find((p) => p.jobId === asked.jobId && p.status !== 'running'),
        `poll ${asked.jobId}`,
        30_000,
      );
      // A poll that was already running may have started before the mail arrived: ask again.
      if (asked.state !== 'running') return done;
    }
  };
  const messages = async () => (await status()).messages;
  const bySubject = async (subject: string) => {
    const found = (await messages()).find((m) => m.subject === subject);
    if (!found) throw new Error(`No handled message "${subject}"`);
    return found;
  };
  const extraction = (id: string) =>
    waitFor(
      async () => {
        const body = (await (await app!.api(`/jobs/resume-extract/${id}`)).json()) as Extraction;
        return body.status !== 'queued' ? body : undefined;
      },
      `extraction ${id}`,
      30_000,
    );
  const deliver = (raw: string) => dovecot.deliver(USER, PASSWORD, raw);
  const seen = async (uid: number) => (await dovecot.flags(USER, PASSWORD)).get(uid)?.includes('\\Seen') ?? false;
  const extractionCount = async () =>
    (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM resume_extractions'))[0]!.n;
  const jobCount = async () =>
    (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'resume.extract'`))[0]!.n;

  beforeAll(async () => {
    await espo.start();
    db = await createTestDatabase();
    dovecot = await Dovecot.start({ [USER]: PASSWORD });
    dataDir = await mkdtemp(join(tmpdir(), 'switchyard-mail-intake-'));
    [pdf, docx] = await Promise.all([samplePdf(), sampleDocx()]);
    adaId = espo.addContact({ firstName: 'Ada', lastName: 'King', emailAddress: 'ada@example.com' }).id;
    await start();
    // The people cache knows Ada, so mail from her address is extracted against her contact.
    expect((await app!.api('/sync/people', { method: 'POST' })).status).toBe(202);
    await waitFor(
      async () => (await db.query(`SELECT 1 FROM people WHERE crm_id = $1`, [adaId])).length === 1,
      'the people sync',
    );
  }, 60_000);
  afterAll(async () => {
    await stop();
    await db?.drop();
    await dovecot?.stop();
    await espo.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('turns the attachments of authenticated senders into resume extractions, against the sender’s contact', async () => {
    const adaUid = await deliver(
      mail({
        from: 'Ada King <Ada@Example.com>',
        subject: 'Application: Ada',
        attachments: [{ fileName: 'ada-cv.pdf', contentType: 'application/pdf', bytes: pdf }],
      }),
    );
    const bobUid = await deliver(
      mail({
        from: 'bob@example.com',
        subject: 'Application: Bob',
        attachments: [
          {
            fileName: 'bob.docx',
            contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
            bytes: docx,
          },
        ],
      }),
    );
    expect(await seen(adaUid)).toBe(false);

    const outcome = await poll();
    expect(outcome).toMatchObject({ status: 'succeeded', taken: 2, skipped: 0, alreadyHandled: 0 });

    const ada = await bySubject('Application: Ada');
    expect(ada).toMatchObject({ outcome: 'taken', sender: 'ada@example.com', contactId: adaId, reason: null });
    expect(ada.attachments).toEqual([{ fileName: 'ada-cv.pdf', outcome: 'queued', extractionId: expect.any(String) }]);
    const adaExtraction = await extraction(ada.attachments[0]!.extractionId!);
    expect(adaExtraction).toMatchObject({
      status: 'succeeded',
      contactId: adaId,
      requestedBy: 'e-mail from ada@example.com',
      file: { name: 'ada-cv.pdf', type: 'pdf' },
      preview: { comparedWithContact: true },
    });
    expect(adaExtraction.preview!.profile).toMatchObject({
      emails: expect.arrayContaining(['ada@analytical.example']),
    });

    const bob = await bySubject('Application: Bob');
    expect(bob).toMatchObject({
      outcome: 'taken',
      contactId: null,
      reason: 'extracted without a contact: no person in the people cache has this address',
    });
    expect(await extraction(bob.attachments[0]!.extractionId!)).toMatchObject({
      status: 'succeeded',
      contactId: null,
      file: { type: 'docx' },
    });

    // Flagged on the server once recorded.
    expect(await seen(adaUid)).toBe(true);
    expect(await seen(bobUid)).toBe(true);
  });

  it('records unauthenticated senders as skipped with the reason, and never processes them', async () => {
    const before = await extractionCount();
    const uid = await deliver(
      mail({
        from: 'ceo@example.com',
        subject: 'Spoofed',
        authenticationResults:
          'mx.switchyard.test; spf=pass smtp.mailfrom=evil.test; dkim=pass header.d=evil.test; dmarc=fail header.from=example.com',
        // What the sender wrote below the receiving server's own header is not trusted.
        extraHeaders: ['Authentication-Results: mx.switchyard.test; spf=pass; dkim=pass; dmarc=pass'],
        attachments: [{ fileName: 'cv.pdf', contentType: 'application/pdf', bytes: pdf }],
      }),
    );
    await deliver(
      mail({
        from: 'nobody@example.com',
        subject: 'No verdict',
        authenticationResults: null,
        attachments: [{ fileName: 'cv.pdf', contentType: 'application/pdf', bytes: pdf }],
      }),
    );
    expect(await poll()).toMatchObject({ status: 'succeeded', taken: 0, skipped: 2 });
    expect(await bySubject('Spoofed')).toMatchObject({
      outcome: 'skipped',
      reason: 'sender not authenticated: dmarc=fail (spf, dkim and dmarc must pass)',
      attachments: [],
    });
    expect(await bySubject('No verdict')).toMatchObject({
      outcome: 'skipped',
      reason: 'no Authentication-Results header',
    });
    expect(await extractionCount()).toBe(before);
    expect(await seen(uid)).toBe(true);
  });

  it('skips messages without a usable attachment: extension, size (before downloading) and content', async () => {
    const before = await extractionCount();
    await deliver(
      mail({
        from: 'carol@example.com',
        subject: 'Executable',
        attachments: [
          { fileName: 'cv.exe', contentType: 'application/octet-stream', bytes: Buffer.from('MZ\x90\x00') },
        ],
      }),
    );
    await deliver(
      mail({
        from: 'dave@example.com',
        subject: 'Too large',
        attachments: [
          {
            fileName: 'huge.pdf',
            contentType: 'application/pdf',
            bytes: Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(1_500_000, 0x20)]),
          },
        ],
      }),
    );
    await deliver(
      mail({
        from: 'erin@example.com',
        subject: 'Picture named pdf',
        attachments: [
          { fileName: 'cv.pdf', contentType: 'application/pdf', bytes: Buffer.from('\x89PNG\r\n\x1a\n0000', 'binary') },
        ],
      }),
    );
    await deliver(mail({ from: 'frank@example.com', subject: 'Just text' }));

    expect(await poll()).toMatchObject({ status: 'succeeded', taken: 0, skipped: 4 });
    expect(await bySubject('Executable')).toMatchObject({
      outcome: 'skipped',
      reason: expect.stringContaining(
        'cv.exe (.exe is not an allowed extension (EMAIL_RESUME_ALLOWED_EXTENSIONS: pdf, docx))',
      ),
    });
    expect((await bySubject('Too large')).reason).toMatch(
      /^no usable attachment: huge\.pdf \(at least 1\.\d MB; at most 1 MB \(EMAIL_RESUME_MAX_FILE_SIZE_MB\)\)$/,
    );
    const picture = await bySubject('Picture named pdf');
    expect(picture).toMatchObject({ outcome: 'skipped', attachments: [{ fileName: 'cv.pdf', outcome: 'refused' }] });
    expect(picture.reason).toMatch(/^no usable attachment: cv\.pdf \(The file is .+\)$/);
    expect(await bySubject('Just text')).toMatchObject({ outcome: 'skipped', reason: 'no attachments' });
    expect(await extractionCount()).toBe(before);
  });

  it('handles nothing twice: a second poll, the same Message-ID again, a message left unflagged', async () => {
    const handled = (await messages()).length;
    const extractions = await extractionCount();
    const jobs = await jobCount();
    expect(await poll()).toMatchObject({ status: 'succeeded', taken: 0, skipped: 0, alreadyHandled: 0 });
    expect((await messages()).length).toBe(handled);

    // A poll stopped after the record committed but before the flag: the record wins.
    const ada = await bySubject('Application: Ada');
    const client = await dovecot.client(USER, PASSWORD);
    const lock = await client.getMailboxLock('INBOX');
    await client.messageFlagsRemove(String(ada.uid), ['\\Seen'], { uid: true });
    lock.release();
    await client.logout();
    expect(await seen(ada.uid)).toBe(false);
    expect(await poll()).toMatchObject({ status: 'succeeded', taken: 0, skipped: 0, alreadyHandled: 1 });
    expect(await seen(ada.uid)).toBe(true);

    // The very same message delivered again (another UID): known by its Message-ID.
    await deliver(
      mail({
        from: 'ada@example.com',
        subject: 'Application: Ada, again',
        messageId: ada.messageId!,
        attachments: [{ fileName: 'ada-cv.pdf', contentType: 'application/pdf', bytes: pdf }],
      }),
    );
    expect(await poll()).toMatchObject({ taken: 0, skipped: 1 });
    expect((await bySubject('Application: Ada, again')).reason).toMatch(
      /^the same message \(Message-ID\) was handled already/,
    );
    expect(await extractionCount()).toBe(extractions);
    expect(await jobCount()).toBe(jobs);
  });

  it('after a restart, with every message unflagged, still handles nothing twice', async () => {
    const handled = (await messages()).length;
    const extractions = await extractionCount();
    const uids = [...(await dovecot.flags(USER, PASSWORD)).keys()];
    await stop();
    const client = await dovecot.client(USER, PASSWORD);
    const lock = await client.getMailboxLock('INBOX');
    await client.messageFlagsRemove('1:*', ['\\Seen']);
    lock.release();
    await client.logout();

    const first = await start();
    expect(first).toMatchObject({ status: 'succeeded', taken: 0, skipped: 0, alreadyHandled: uids.length });
    expect((await messages()).length).toBe(handled);
    expect(await extractionCount()).toBe(extractions);
    const flags = await dovecot.flags(USER, PASSWORD);
    expect(uids.filter((uid) => !flags.get(uid)?.includes('\\Seen'))).toEqual([]);
  });

  it('counts polls and messages in the metrics', async () => {
    const scrape = await Scrape.of(`${app!.url}/metrics`, { authorization: `Bearer ${TEST_API_SECRET}` });
    expect(scrape.value('switchyard_mail_intake_polls_total', { outcome: 'succeeded' })).toBeGreaterThanOrEqual(1);
    // This process started with the restart above: its first poll found every message already handled.
    expect(scrape.value('switchyard_mail_intake_messages_total', { outcome: 'already_handled' })).toBeGreaterThan(0);
  });

  it('fails a poll with the reason (wrong password, server unreachable, TLS), no password shown, nothing lost; polls again', async () => {
    await stop();
    const failed = await start({ EMAIL_PASSWORD: WRONG_PASSWORD });
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(
      /^IMAP login as intake refused by 127\.0\.0\.1:\d+: .*\(check EMAIL_USERNAME and EMAIL_PASSWORD\)$/,
    );
    expect((await status()).lastError).toBe(failed.error);
    const job = (await (await app!.api(`/jobs/${failed.jobId}`)).json()) as Record<string, unknown>;
    expect(JSON.stringify(job)).toContain('IMAP login as intake refused');

    // Mail arriving meanwhile waits on the server.
    const uid = await deliver(
      mail({
        from: 'ada@example.com',
        subject: 'During the outage',
        attachments: [{ fileName: 'ada-2.pdf', contentType: 'application/pdf', bytes: await samplePdf() }],
      }),
    );
    expect(await poll()).toMatchObject({ status: 'failed' });
    expect(await seen(uid)).toBe(false);

    // What an admin sees on the People page, and its "Check the mailbox now".
    const { browser } = await bootstrapBrowser(app!.url, db);
    const html = await (await browser.fetch(`${app!.url}/dashboard/people`)).text();
    const text = visibleText(html);
    expect(text).toContain(
      `Resumes by e-mail Attachments of authenticated senders in INBOX of intake at 127.0.0.1:${dovecot.port} (plain)`,
    );
    expect(text).toMatch(
      /Last poll: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC , failed : IMAP login as intake refused by .+ \(check EMAIL_USERNAME and EMAIL_PASSWORD\) \. Messages taken: 2, skipped: 7\./,
    );
    expect(text).toContain('Application: Ada');
    expect(html).not.toContain(WRONG_PASSWORD);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
    const newestBefore = (await status()).polls[0]!.id;
    const asked = await browser.fetch(`${app!.url}/dashboard/people/mail-intake/poll`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf }).toString(),
      redirect: 'manual',
    });
    expect({ status: asked.status, location: asked.headers.get('location') }).toEqual({
      status: 303,
      location: '/dashboard/people?done=mail#mail-intake',
    });
    await waitFor(async () => {
      const [newest] = (await status()).polls;
      return newest!.id !== newestBefore && newest!.status === 'failed';
    }, 'the poll asked for on the page');

    // The server unreachable: the same, with the reason.
    await stop();
    const closedPort = await freePort();
    const unreachable = await start({ IMAP_SERVER: `127.0.0.1:${closedPort}` });
    expect(unreachable).toMatchObject({
      status: 'failed',
      error: `cannot reach IMAP server 127.0.0.1:${closedPort}: ECONNREFUSED (check IMAP_SERVER)`,
    });
    expect(await seen(uid)).toBe(false);

    // STARTTLS required from a server that offers none, TLS against a plain port: no login, the reason.
    await stop();
    const noStartTls = await start({ IMAP_TLS: 'starttls' });
    await stop();
    const noTls = await start({ IMAP_TLS: 'tls' });
    expect(noStartTls).toMatchObject({
      status: 'failed',
      error: `TLS with 127.0.0.1:${dovecot.port} failed: Server does not support STARTTLS (check IMAP_TLS)`,
    });
    expect(noTls).toMatchObject({
      status: 'failed',
      error: `TLS with 127.0.0.1:${dovecot.port} failed: wrong version number (ERR_SSL_WRONG_VERSION_NUMBER; is it a TLS port? check IMAP_TLS and the port)`,
    });
    expect(await seen(uid)).toBe(false);

    // Back to normal, polling every 5 s: each poll queues the next (pg-boss schedules fire once a minute).
    await stop();
    // … and moving what it handled to another mailbox.
    expect(await start({ CHECK_EMAIL_WAIT: '5', IMAP_PROCESSED_MAILBOX: 'Processed' })).toMatchObject({
      status: 'succeeded',
      taken: 1,
    });
    const chained = await waitFor(
      async () => (await status()).polls.find((p) => p.trigger === 'follow-up' && p.status !== 'running'),
      'a follow-up poll',
      20_000,
    );
    expect(chained).toMatchObject({ status: 'succeeded', taken: 0, skipped: 0, alreadyHandled: 0 });
    expect(await bySubject('During the outage')).toMatchObject({ outcome: 'taken', contactId: adaId });
    expect((await dovecot.flags(USER, PASSWORD)).has(uid)).toBe(false);
    const moved = [...(await dovecot.flags(USER, PASSWORD, 'Processed')).values()];
    expect(moved).toEqual([expect.arrayContaining(['\\Seen'])]);

    for (const text of [logs.text(), JSON.stringify(await status())]) {
      expect(text).not.toContain(WRONG_PASSWORD);
      expect(text).not.toContain(PASSWORD);
    }
    expect(logs.text()).toContain('Mailbox poll failed: IMAP login as intake refused');
  });
});

/**
 * TLS as in production: Dovecot with a certificate of its own, Switchyard's worker as a process that
 * trusts it through NODE_EXTRA_CA_CERTS (read by Node at start, hence a process), over implicit TLS
 * and over STARTTLS; the same certificate refused by a process that does not trust it; and a mailbox
 * holding more than one poll takes, emptied by follow-up polls.
 */
describe('resumes from a mailbox: TLS, and more mail than one poll takes', () => {
  let dir: string;
  let dovecot: Dovecot;
  let db: TestDatabase;
  let pdf: Buffer;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'switchyard-mail-tls-'));
    await chmod(dir, 0o755);
    await selfSignedCertificate(dir);
    db = await createTestDatabase();
    dovecot = await Dovecot.start(
      { [USER]: PASSWORD },
      { tls: { cert: join(dir, 'cert.pem'), key: join(dir, 'key.pem') } },
    );
    pdf = await samplePdf();
  }, 60_000);
  afterAll(async () => {
    await dovecot?.stop();
    await db?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  const polls = () =>
    db.query<{ id: string; trigger: string; status: string; taken: number; skipped: number; error: string | null }>(
      'SELECT id, trigger, status, taken, skipped, error FROM mail_intake_polls ORDER BY started_at',
    );
  /** The built worker, as operators run it, until its first poll has run; that poll. */
  const workerPoll = async (env: Record<string, string>) => {
    const before = (await polls().catch(() => [])).length;
    const worker = runSwitchyard(['worker'], {
      DATABASE_URL: db.url,
      RUNTIME_ENV: 'test',
      ROLES: undefined,
      DISCORD_BOT_TOKEN: undefined,
      HEALTH_PORT: String(await freePort()),
      DATA_DIR: dir,
      SECRETS_KEY: 'test-secrets-key-0123456789-abcdefghij',
      EMAIL_RESUME_INTAKE_ENABLED: 'on',
      EMAIL_USERNAME: USER,
      EMAIL_PASSWORD: PASSWORD,
      CHECK_EMAIL_WAIT: '3600',
      ...env,
    });
    try {
      return await waitFor(
        async () => {
          const all = await polls().catch(() => []);
          return all.length > before && all[before]!.status !== 'running' ? all[before] : undefined;
        },
        `the worker's first poll (${worker.output().slice(-500)})`,
        60_000,
      );
    } finally {
      worker.process.kill('SIGTERM');
      await worker.exited;
    }
  };

  it('logs in over implicit TLS and over STARTTLS, checking the certificate', async () => {
    const uid = await dovecot.deliver(
      USER,
      PASSWORD,
      mail({
        from: 'ada@example.com',
        attachments: [{ fileName: 'cv.pdf', contentType: 'application/pdf', bytes: pdf }],
      }),
    );
    const trusted = { NODE_EXTRA_CA_CERTS: join(dir, 'cert.pem') };
    expect(
      await workerPoll({ ...trusted, IMAP_SERVER: `localhost:${dovecot.tlsPort}`, IMAP_TLS: 'tls' }),
    ).toMatchObject({ status: 'succeeded', taken: 1 });
    expect((await dovecot.flags(USER, PASSWORD)).get(uid)).toContain('\\Seen');
    expect(
      await workerPoll({ ...trusted, IMAP_SERVER: `localhost:${dovecot.port}`, IMAP_TLS: 'starttls' }),
    ).toMatchObject({ status: 'succeeded', taken: 0, error: null });

    const untrusted = await workerPoll({ IMAP_SERVER: `localhost:${dovecot.tlsPort}`, IMAP_TLS: 'tls' });
    expect(untrusted).toMatchObject({ status: 'failed' });
    expect(untrusted.error).toMatch(
      new RegExp(
        `^TLS with localhost:${dovecot.tlsPort} failed: .+ \\(DEPTH_ZERO_SELF_SIGNED_CERT; the certificate is not trusted: NODE_EXTRA_CA_CERTS for a private CA\\)$`,
      ),
    );
  }, 180_000);

  it('takes a mailbox fuller than one poll in follow-up polls queued at once', async () => {
    const client = await dovecot.client(USER, PASSWORD);
    for (let i = 0; i < MAX_MESSAGES_PER_POLL + 5; i++) {
      await client.append('INBOX', mail({ from: `bulk${i}@example.com`, subject: `Bulk ${i}` }));
    }
    await client.logout();
    const before = (await polls()).length;
    const app = await startTestApp({
      databaseUrl: db.url,
      roles: ['worker'],
      env: {
        DATA_DIR: dir,
        EMAIL_RESUME_INTAKE_ENABLED: 'on',
        IMAP_SERVER: `127.0.0.1:${dovecot.port}`,
        IMAP_TLS: 'plain',
        EMAIL_USERNAME: USER,
        EMAIL_PASSWORD: PASSWORD,
        CHECK_EMAIL_WAIT: '3600',
      },
    });
    try {
      const [first, second] = await waitFor(async () => {
        const done = (await polls()).slice(before).filter((p) => p.status !== 'running');
        return done.length >= 2 ? done : undefined;
      }, 'two polls');
      expect(first).toMatchObject({ trigger: 'start', status: 'succeeded', skipped: MAX_MESSAGES_PER_POLL });
      expect(second).toMatchObject({ trigger: 'follow-up', status: 'succeeded', skipped: 5 });
      const counts = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM mail_intake_messages WHERE subject LIKE 'Bulk %' AND reason = 'no attachments'`,
      );
      expect(counts[0]!.n).toBe(MAX_MESSAGES_PER_POLL + 5);
    } finally {
      await app.stop();
    }
  });
});
