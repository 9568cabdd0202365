import type { Browser, Page } from 'playwright-core';
import { DiscordOutbox } from '../src/discord/delivery/discord-outbox';
import { launchChromium, screenshot, WAIT } from './support/chromium';
import { bootstrapLink } from './support/dashboard';
import { startTestApp, TestApp, waitFor } from './support/switchyard';
import { createTestDatabase, TestDatabase } from './support/test-database';

const CHANNEL = '755555555555555551';

/**
 * The System page in Chromium: processes by role with uptime, memory and event-loop lag (an api
 * process with a worker, and a second worker on its own), the database's size and connections,
 * queue depths with the oldest waiting job, and free space where DATA_DIR lives.
 */
describe('dashboard System page in Chromium', () => {
  let db: TestDatabase;
  let app: TestApp;
  let worker: TestApp;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startTestApp({ databaseUrl: db.url, env: { AUTH_BOOTSTRAP_LOGIN: 'on', JOB_MAX_ATTEMPTS: '1' } });
    worker = await startTestApp({ databaseUrl: db.url, roles: ['worker'] });
    browser = await launchChromium();
    page = await (await browser.newContext()).newPage();
    page.on('response', (r) => {
      if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) problems.push(`${r.status()} ${r.url()}`);
    });
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(await bootstrapLink(app.url, db));
  });
  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
    await app?.stop();
    await db?.drop();
  });

  it('shows processes, database, queues and disk', async () => {
    // Discord is not configured here: this post dies at once; the second waits an hour.
    const outbox = app.app.get(DiscordOutbox);
    const dead = await outbox.enqueue({ channelId: CHANNEL, content: 'dies' });
    await outbox.enqueue(
      { channelId: '755555555555555552', content: 'later' },
      { startAfter: new Date(Date.now() + 3600_000) },
    );
    await waitFor(
      async () =>
        ((await (await app.api(`/jobs/${dead.id}`)).json()) as { state: string }).state === 'dead' || undefined,
      'the post to die',
    );

    await page.getByRole('link', { name: 'System' }).click();
    await page.getByRole('heading', { name: 'System', level: 1 }).waitFor(WAIT);
    expect(new URL(page.url()).pathname).toBe('/dashboard/system');
    expect(await page.getByRole('link', { name: 'System' }).getAttribute('aria-current')).toBe('page');

    const processes = page.locator('#processes tbody tr');
    await page.locator('#processes tr[data-roles="worker"]').waitFor(WAIT);
    const rows = await processes.evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('th, td')].map((c) => c.textContent!.trim())),
    );
    const roles = rows.map((r) => r[0]);
    expect(roles).toEqual(expect.arrayContaining(['api+worker', 'worker']));
    for (const row of rows) {
      expect(row[1]).toMatch(/pid \d+/);
      expect(row[2]).toBe('running');
      expect(row[3]).toMatch(/^\d+ (s|min)/);
      expect(row[4]).toMatch(/^\d+(\.\d)? [MG]iB$/);
      expect(row[6]).toMatch(/^\d+\.\d ms$/);
    }

    const database = await page.locator('#database').innerText();
    expect(database).toMatch(/Size\s+\d+(\.\d)? MiB/);
    expect(database).toMatch(/Connections\s+\d+ of \d+/);

    const posts = page.locator('#queues tr[data-queue="discord.post"]');
    expect(await posts.locator('td[data-state="dead"]').innerText()).toBe('1');
    expect(await posts.locator('td[data-state="deferred"]').innerText()).toBe('1');
    expect(await page.locator('#oldest').innerText()).toMatch(/No job is waiting|Oldest waiting job/);

    expect(await page.locator('#disk').innerText()).toMatch(
      /\(DATA_DIR\): [\d.]+ \w?i?B free of [\d.]+ \w?i?B \(\d+%\)/,
    );
    await screenshot(page, 'system');
    expect(problems).toEqual([]);
  });

  it('marks a process that stopped', async () => {
    await worker.stop();
    await page.reload();
    await page.locator('#processes tr[data-roles="worker"] td', { hasText: 'stopped' }).waitFor(WAIT);
  });
});
