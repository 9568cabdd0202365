import type { Browser } from 'playwright-core';
import { launchChromium, markDocument, screenshot, stillSameDocument, WAIT } from './support/chromium';
import { bootstrapLink } from './support/dashboard';
import { FakeDiscord } from './support/fake-discord';
import { githubHeaders, pullRequestPayload } from './support/github';
import { startTestApp, TestApp, waitFor } from './support/switchyard';
import { createTestDatabase, TestDatabase } from './support/test-database';

const TOKEN = 'journey-bot-token';
const CHANNEL = '777777777777777777';

/**
 * The "done when", as one story in a browser: an admin who has never used Switchyard signs in,
 * adds a GitHub source, watches its first delivery arrive, writes a rule, sees the next event in
 * Discord, and finds and retries the post that failed. No terminal and no admin API on the way.
 */
describe('the first admin’s journey in Chromium', () => {
  let discord: FakeDiscord;
  let db: TestDatabase;
  let app: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    discord = await new FakeDiscord(TOKEN).start();
    db = await createTestDatabase();
    app = await startTestApp({
      databaseUrl: db.url,
      roles: ['api', 'worker'],
      env: {
        // A fresh install: no source from the environment.
        GITHUB_WEBHOOK_SECRET: '',
        AUTH_BOOTSTRAP_LOGIN: 'on',
        DISCORD_BOT_TOKEN: TOKEN,
        DISCORD_API_URL: discord.apiUrl,
      },
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await db?.drop();
    await discord?.stop();
  });

  /** A delivery as GitHub sends it: to the URL pasted into its settings, signed with the secret set there. */
  const deliver = (url: string, secret: string, number: number) => {
    const body = JSON.stringify(pullRequestPayload(number));
    return fetch(url, { method: 'POST', headers: githubHeaders(body, 'pull_request', { secret }), body });
  };

  it('signs in, adds a GitHub source, sees deliveries live, routes them to Discord and retries the one that failed', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const nav = page.getByRole('navigation', { name: 'Main' });

    // 1. Signs in with the one-time link printed at startup. The page opens its live stream, kept from now on.
    const connected = page.waitForResponse((r) => r.url().endsWith('/dashboard/live') && r.status() === 200, WAIT);
    await page.goto(await bootstrapLink(app.url, db));
    await page.getByRole('heading', { name: 'Overview' }).waitFor(WAIT);
    await connected;
    await page.getByText('No webhook source yet.').waitFor(WAIT);
    await screenshot(page, 'journey-1-signed-in');

    // 2. Follows the empty overview to Sources and adds a GitHub source; its secret and URL are shown once.
    await page.getByRole('main').getByRole('link', { name: 'Add a source' }).click();
    await page.getByRole('heading', { name: 'Sources' }).waitFor(WAIT);
    const addSource = page.getByRole('form', { name: 'Add a source' });
    await addSource.getByRole('combobox', { name: 'Provider' }).selectOption('github');
    await addSource.getByRole('textbox', { name: 'Slug' }).fill('acme');
    await addSource.getByRole('button', { name: 'Add source' }).click();
    await page.getByRole('heading', { name: 'Source acme added' }).waitFor(WAIT);
    const secret = await page.locator('#secret').innerText();
    const url = await page.locator('dd', { hasText: '/webhooks/acme' }).locator('code').innerText();
    expect(secret.length).toBeGreaterThanOrEqual(32);
    expect(url).toBe(`${app.url}/webhooks/acme`);
    await screenshot(page, 'journey-2-source-added');

    // 3. Watches the first delivery arrive on the webhooks page, without reloading.
    await markDocument(page);
    await page.getByRole('main').getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('heading', { name: 'Webhooks' }).waitFor(WAIT);
    await page.getByText('No webhook matches this filter.').waitFor(WAIT);
    expect((await deliver(url, secret, 1)).status).toBe(202);
    const rows = page.locator('#live-webhooks tbody tr');
    await rows.first().waitFor(WAIT);
    expect(await rows.first().innerText()).toMatch(/acme\s+github\.pull_request\.opened/);
    expect(await stillSameDocument(page)).toBe(true);
    await screenshot(page, 'journey-3-first-delivery');

    // 4. Writes a rule posting pull requests to a Discord channel.
    await nav.getByRole('link', { name: 'Rules' }).click();
    await page.getByRole('link', { name: 'Write a first rule' }).click();
    await page.getByRole('heading', { name: 'New rule' }).waitFor(WAIT);
    const rule = `when github.pull_request.* then discord.post channel=${CHANNEL}`;
    await page.getByLabel('Rule', { exact: true }).fill(rule);
    await page.getByRole('button', { name: 'Add rule' }).click();
    await page.getByText('Rule added.').waitFor(WAIT);
    expect(await page.locator('tbody tr code.rule-text').innerText()).toBe(rule);
    await screenshot(page, 'journey-4-rule');

    // 5. The next delivery is posted to Discord.
    expect((await deliver(url, secret, 2)).status).toBe(202);
    const [posted] = await waitFor(async () => discord.in(CHANNEL).length > 0 && discord.in(CHANNEL), 'the post');
    expect(posted!.content ?? JSON.stringify(posted!.embeds)).toContain('#2');
    expect(discord.in(CHANNEL)).toHaveLength(1);

    // 6. Discord stops knowing the channel: the post goes dead, and the admin finds it on the Jobs page.
    discord.unknownChannel(CHANNEL);
    expect((await deliver(url, secret, 3)).status).toBe(202);
    await nav.getByRole('link', { name: 'Jobs' }).click();
    await page.getByLabel('State').selectOption('dead');
    await page.getByRole('button', { name: 'Filter' }).click();
    const dead = page.locator('#live-jobs tbody tr');
    await dead.first().waitFor(WAIT); // appears by itself once the post fails
    expect(await dead.count()).toBe(1);
    expect(await dead.first().innerText()).toContain('discord.post');
    await screenshot(page, 'journey-5-dead-job');
    await dead.first().getByRole('link').click();
    await page.getByRole('heading', { name: 'discord.post dead' }).waitFor(WAIT);
    await page.getByText('Unknown Channel', { exact: false }).waitFor(WAIT);
    await screenshot(page, 'journey-6-dead-job-detail');

    // 7. The cause is fixed (the channel is back); retried from the browser, the message arrives.
    discord.restoreChannel(CHANNEL);
    await page.getByRole('button', { name: 'Retry' }).click();
    await page.getByText('Retried: the job is queued again').waitFor(WAIT);
    await page.getByRole('heading', { name: 'discord.post succeeded' }).waitFor(WAIT);
    const [, retried] = await waitFor(async () => discord.in(CHANNEL).length === 2 && discord.in(CHANNEL), 'retry');
    expect(retried!.content ?? JSON.stringify(retried!.embeds)).toContain('#3');
    await screenshot(page, 'journey-7-retried');
    await context.close();
  });
});
