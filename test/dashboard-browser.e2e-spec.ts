import { createServer, Server } from 'node:http';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, markDocument, screenshot, stillSameDocument, WAIT } from './support/chromium';
import { bootstrapLink } from './support/dashboard';
import { FakeDiscord } from './support/fake-discord';
import { FakeIdentityProvider, USERS } from './support/fake-identity-provider';
import { postGithub, pullRequestPayload } from './support/github';
import { postJson, startTestApp, TestApp, waitFor } from './support/switchyard';
import { createTestDatabase, TestDatabase } from './support/test-database';

const TOKEN = 'browser-test-bot-token';
const CHANNEL = '333333333333333333';

/** Resolves once the page's Server-Sent Events stream (opened by htmx's sse extension) has answered. */
const liveStream = (page: Page) =>
  page.waitForResponse((r) => r.url().endsWith('/dashboard/live') && r.status() === 200, WAIT);

describe('dashboard in Chromium: sign-in, live updates, replay and retry', () => {
  let idp: FakeIdentityProvider;
  let discord: FakeDiscord;
  let db: TestDatabase;
  let app: TestApp;
  let browser: Browser;
  let admin: BrowserContext;
  let page: Page;
  let attacker: Server;

  beforeAll(async () => {
    idp = await new FakeIdentityProvider().start();
    discord = await new FakeDiscord(TOKEN).start();
    db = await createTestDatabase();
    app = await startTestApp({
      databaseUrl: db.url,
      roles: ['api', 'worker'],
      env: {
        ...idp.clientEnv(),
        AUTH_BOOTSTRAP_LOGIN: 'on',
        AUTH_RATE_LIMIT_PER_MINUTE: '1000',
        DISCORD_BOT_TOKEN: TOKEN,
        DISCORD_API_URL: discord.apiUrl,
        // One attempt: a post Discord answers 500 is dead at once.
        JOB_MAX_ATTEMPTS: '1',
      },
    });
    await idp.register([`${app.url}/auth/callback`]);
    expect(
      (await postJson(app, '/rules', { text: `when github.pull_request.* then discord.post channel=${CHANNEL}` }))
        .status,
    ).toBe(201);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => (attacker ? attacker.close(resolve) : resolve(undefined)));
    await app?.stop();
    await db?.drop();
    await discord?.stop();
    await idp?.stop();
  });

  it('sends a browser without a session to sign in at the identity provider', async () => {
    const context = await browser.newContext();
    const anonymous = await context.newPage();
    await anonymous.goto(`${app.url}/dashboard/jobs`);
    expect(new URL(anonymous.url()).origin).toBe(idp.url);
    await anonymous.getByRole('button', { name: 'Sign in' }).waitFor(WAIT);
    const live = await context.request.get(`${app.url}/dashboard/live`, {
      headers: { accept: 'text/event-stream' },
      maxRedirects: 0,
    });
    expect(live.status()).toBe(401);
    await context.close();
  });

  it('signs in with a one-time bootstrap link', async () => {
    const context = await browser.newContext();
    const bootstrap = await context.newPage();
    await bootstrap.goto(await bootstrapLink(app.url, db));
    expect(new URL(bootstrap.url()).pathname).toBe('/dashboard');
    await bootstrap.getByRole('heading', { name: 'Overview' }).waitFor(WAIT);
    await bootstrap.getByText('Bootstrap admin').waitFor(WAIT);
    await context.close();
  });

  it('signs in with OIDC: the provider’s login and consent pages, then back to the page asked for', async () => {
    admin = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await admin.newPage();
    await page.goto(`${app.url}/dashboard/webhooks`);
    await page.locator('input[name="login"]').fill('ada');
    await page.locator('input[name="password"]').fill(USERS.ada!.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Allow' }).click();
    await page.getByRole('heading', { name: 'Webhooks' }).waitFor(WAIT);
    expect(page.url()).toBe(`${app.url}/dashboard/webhooks`);
    await page.getByText('Ada Admin').waitFor(WAIT);
    await page.getByText('No webhook has arrived yet.').waitFor(WAIT);
  });

  it('shows a signed webhook arriving on the overview and the webhooks page without reloading', async () => {
    const connected = liveStream(page);
    await page.goto(`${app.url}/dashboard`);
    await connected;
    await markDocument(page);
    const overview = page.locator('#live-overview');
    await overview.getByText('In the last hour: 0 webhooks received').waitFor(WAIT);

    expect((await postGithub(app.url, pullRequestPayload(11))).status).toBe(202);
    await overview.getByText('In the last hour: 1 webhook received').waitFor(WAIT);
    await overview.getByRole('row', { name: /github yes \d{4}-\d\d-\d\d/ }).waitFor(WAIT);
    await screenshot(page, 'overview');

    // Navigation is boosted (same document, same stream); the list then updates by itself.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('heading', { name: 'Webhooks' }).waitFor(WAIT);
    const rows = page.locator('#live-webhooks tbody tr');
    await rows.first().waitFor(WAIT);
    expect(await rows.count()).toBe(1);
    expect((await postGithub(app.url, pullRequestPayload(12))).status).toBe(202);
    await page.locator('#live-webhooks').getByText('#12', { exact: false }).first().waitFor(WAIT);
    await waitFor(async () => (await rows.count()) === 2, 'the second webhook in the list');
    expect(await stillSameDocument(page)).toBe(true);
    await screenshot(page, 'webhooks');
  });

  it('re-fetches what it missed while its stream was down, still without reloading', async () => {
    const reconnected = liveStream(page);
    // Every connection dropped, as when a proxy restarts; the page reconnects after the retry hint.
    (app.app.getHttpServer() as Server).closeAllConnections();
    await new Promise((resolve) => setTimeout(resolve, 100)); // this test's own idle connections, too
    expect((await postGithub(app.url, pullRequestPayload(13))).status).toBe(202);
    await reconnected;
    await waitFor(async () => (await page.locator('#live-webhooks tbody tr').count()) === 3, 'the missed webhook');
    expect(await stillSameDocument(page)).toBe(true);
  });

  it('opens a webhook, replays it, and sees the new job succeed', async () => {
    await page.locator('#live-webhooks tbody tr').last().getByRole('link').click();
    await page.getByRole('heading', { name: 'github.pull_request.opened' }).waitFor(WAIT);
    const jobsMade = page.locator('#live-webhook table tbody tr');
    await jobsMade.getByText('succeeded').waitFor(WAIT);
    const firstJob = await jobsMade.first().locator('code').innerText();
    const posted = discord.in(CHANNEL).length;

    await page.getByRole('button', { name: 'Replay' }).click();
    await page.getByText('Replayed: a new routing job is queued for this event.').waitFor(WAIT);
    await markDocument(page);
    await waitFor(async () => {
      const job = await jobsMade.first().locator('code').innerText();
      return job !== firstJob && (await jobsMade.first().innerText()).includes('succeeded');
    }, 'the replay’s new discord.post job to succeed on the page');
    expect(await stillSameDocument(page)).toBe(true);
    expect(discord.in(CHANNEL)).toHaveLength(posted + 1);
    await screenshot(page, 'webhook');
  });

  let deadJobUrl: string;

  it('retries a dead job from its page and sees it succeed', async () => {
    discord.next(CHANNEL, { status: 500 });
    expect((await postGithub(app.url, pullRequestPayload(14))).status).toBe(202);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Jobs' }).click();
    await page.getByLabel('State').selectOption('dead');
    await page.getByRole('button', { name: 'Filter' }).click();
    const dead = page.locator('#live-jobs tbody tr');
    await dead.first().waitFor(WAIT);
    expect(await dead.count()).toBe(1);
    await screenshot(page, 'jobs');

    const link = dead.first().getByRole('link');
    deadJobUrl = `${app.url}${await link.getAttribute('href')}`;
    await link.click();
    await page.getByRole('heading', { name: 'discord.post dead' }).waitFor(WAIT);
    await page.getByText('Last error').waitFor(WAIT);
    await page.getByRole('button', { name: 'Retry' }).click();
    await page.getByText('Retried: the job is queued again').waitFor(WAIT);
    await markDocument(page);
    await page.getByRole('heading', { name: 'discord.post succeeded' }).waitFor(WAIT);
    expect(await stillSameDocument(page)).toBe(true);
    expect(await page.getByRole('button', { name: 'Retry' }).count()).toBe(0);
    await screenshot(page, 'job');
  });

  it('refuses a form posted from another site without the CSRF token', async () => {
    // Another port on the same host is the same site, so the browser sends the session cookie along.
    attacker = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html');
      res.end(`<form method="post" action="${deadJobUrl}/cancel"><button>Claim your prize</button></form>`);
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    const forged = await admin.newPage();
    await forged.goto(`http://127.0.0.1:${(attacker.address() as { port: number }).port}/`);
    const answer = forged.waitForResponse((r) => r.url() === `${deadJobUrl}/cancel`);
    await forged.getByRole('button', { name: 'Claim your prize' }).click();
    expect((await answer).status()).toBe(403);
    await forged.getByText('Missing or invalid CSRF token').waitFor(WAIT);
    const audited = await db.query(`SELECT 1 FROM audit_events WHERE action = 'job.cancel'`);
    expect(audited).toEqual([]);
    await forged.close();
  });

  it('edits a rule with a syntax error: the parser’s reason beside the field, the text kept; fixed, it is saved', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Rules' }).click();
    await page.getByRole('heading', { name: 'Rules' }).waitFor(WAIT);
    await page.getByRole('button', { name: 'Edit rule 1' }).click();
    await page.getByRole('heading', { name: 'Edit rule' }).waitFor(WAIT);

    const field = page.getByLabel('Rule', { exact: true });
    const typo = `when github.pull_request.*\nwhere action == "opened" an\nthen discord.post channel=${CHANNEL}`;
    await field.fill(typo);
    await page.getByRole('button', { name: 'Save' }).click();
    const error = page.locator('#rule-error');
    await error.getByText('Line 2, column 26:').waitFor(WAIT);
    await error.getByText('expected "then"', { exact: false }).waitFor(WAIT);
    expect(await field.inputValue()).toBe(typo);
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(await field.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    await screenshot(page, 'rule-error');

    const fixed = typo.replace(' an\n', '\n');
    await field.fill(fixed);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Rule saved.').waitFor(WAIT);
    const listed = page.locator('tbody tr').first().locator('code.rule-text');
    expect(await listed.innerText()).toBe(fixed);
    expect(await db.query(`SELECT text FROM rules`)).toEqual([{ text: fixed }]);
    await screenshot(page, 'rules');
  });

  it('sends the whole page to sign in when a live refresh finds the session signed out in another tab', async () => {
    const context = await browser.newContext();
    const watching = await context.newPage();
    const connected = liveStream(watching);
    await watching.goto(await bootstrapLink(app.url, db));
    await connected;
    await watching.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Webhooks' }).click();
    await watching.locator('#live-webhooks tbody tr').first().waitFor(WAIT);

    const other = await context.newPage();
    await other.goto(`${app.url}/dashboard/audit`);
    await other.getByRole('button', { name: 'Sign out' }).click();
    await other.waitForURL((url) => !url.pathname.startsWith('/dashboard'), WAIT);

    expect((await postGithub(app.url, pullRequestPayload(15))).status).toBe(202);
    await watching.waitForURL((url) => url.origin === idp.url, WAIT);
    await watching.getByRole('button', { name: 'Sign in' }).waitFor(WAIT);
    await context.close();
  });

  it('fits a phone-sized screen', async () => {
    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      storageState: await admin.storageState(),
    });
    const small = await phone.newPage();
    await small.goto(`${app.url}/dashboard`);
    await small.getByRole('heading', { name: 'Overview' }).waitFor(WAIT);
    await small.locator('#live-overview svg').waitFor(WAIT);
    const pageWidth = () =>
      (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement
        .scrollWidth;
    expect(await small.evaluate(pageWidth)).toBeLessThanOrEqual(390);
    await screenshot(small, 'overview-phone');
    await small.goto(`${app.url}/dashboard/webhooks`);
    await screenshot(small, 'webhooks-phone');
    await phone.close();
  });
});
