import { createHash } from 'node:crypto';
import { DiscordLinks } from '../src/auth/discord-links/discord-links';
import { Browser } from './support/browser';
import { FakeDiscord } from './support/fake-discord';
import { postJson, startTestApp, TestApp } from './support/switchyard';
import { createTestDatabase, TestDatabase } from './support/test-database';

const GUILD = '810000000000000001';
const ADMIN_ROLE = '820000000000000001';
const OTHER_ROLE = '820000000000000002';
/** A role bob made himself and called "admin" (anyone allowed to manage roles can). */
const FORGED_ROLE = '820000000000000003';
const ADA = '830000000000000001';
const BOB = '830000000000000002';
const STRANGER = '830000000000000003';
const PUBLIC_BASE_URL = 'https://hub.example.org';

describe('Discord deep links', () => {
  let discord: FakeDiscord;
  let db: TestDatabase;
  let app: TestApp;

  beforeAll(async () => {
    discord = await new FakeDiscord('bot-token-for-links').start();
    discord.addGuild({
      id: GUILD,
      name: 'Acme staff',
      roles: [
        { id: ADMIN_ROLE, name: 'Admin' },
        { id: OTHER_ROLE, name: 'Member' },
        { id: FORGED_ROLE, name: 'admin' },
      ],
    });
    discord.addMember(GUILD, { id: ADA, username: 'ada' }, [OTHER_ROLE, ADMIN_ROLE], 'Ada (ops)');
    discord.addMember(GUILD, { id: BOB, username: 'bob', global_name: 'Bob' }, [OTHER_ROLE, FORGED_ROLE]);
    db = await createTestDatabase();
    app = await startTestApp({
      databaseUrl: db.url,
      roles: ['api'],
      env: {
        DISCORD_BOT_TOKEN: discord.token,
        DISCORD_API_URL: discord.apiUrl,
        DISCORD_ADMIN_GUILD_ID: GUILD,
        DISCORD_ADMIN_ROLE_IDS: `${ADMIN_ROLE}, 820000000000000004`,
        PUBLIC_BASE_URL,
        AUTH_RATE_LIMIT_PER_MINUTE: '1000',
      },
    });
  });
  afterAll(async () => {
    await app?.stop();
    await db?.drop();
    await discord?.stop();
  });

  const issue = async (discordUserId: string, next?: string) => {
    const res = await postJson(app, '/auth/discord/links', { discordUserId, next });
    return { status: res.status, body: (await res.json()) as { url: string; expiresAt: string; message?: string } };
  };
  /** The link as a person opens it: same path, on the test server. */
  const open = (browser: Browser, url: string, init?: RequestInit) =>
    browser.fetch(`${app.url}${new URL(url).pathname}`, init);

  it('issues a one-time link to an admin, stored hashed, that signs them in once', async () => {
    const before = Date.now();
    const issued = await issue(ADA);
    expect(issued.status).toBe(201);
    expect(issued.body.url).toMatch(new RegExp(`^${PUBLIC_BASE_URL}/auth/discord/link/[\\w-]{43}$`));
    const ttl = Date.parse(issued.body.expiresAt) - before;
    expect(ttl).toBeGreaterThan(590_000);
    expect(ttl).toBeLessThan(610_000);
    const token = issued.body.url.split('/').pop()!;
    const rows = await db.query<{ token_hash: string }>(
      'SELECT token_hash FROM discord_links WHERE discord_user_id = $1',
      [ADA],
    );
    expect(rows).toEqual([{ token_hash: createHash('sha256').update(token).digest('hex') }]);

    const browser = new Browser();
    const used = await open(browser, issued.body.url);
    expect(used.status).toBe(302);
    expect(used.headers.get('location')).toBe('/dashboard');
    const me = (await (
      await browser.fetch(`${app.url}/auth/me`, { headers: { accept: 'application/json' } })
    ).json()) as object;
    expect(me).toMatchObject({ subject: ADA, name: 'Ada (ops)', admin: true, method: 'discord' });
    expect((await browser.fetch(`${app.url}/jobs`, { headers: { accept: 'application/json' } })).status).toBe(200);

    const again = await open(new Browser(), issued.body.url);
    expect(again.status).toBe(410);
    expect(await again.text()).toContain('This sign-in link was already used');

    const audit = await db.query<{ source: string; actor_name: string; action: string; via_name: string | null }>(
      'SELECT source, actor_name, action, via_name FROM audit_events WHERE actor_id = $1 ORDER BY id',
      [ADA],
    );
    expect(audit).toEqual([
      // Asked for by the shared secret (the bot's token) on Ada's behalf.
      { source: 'discord', actor_name: 'Ada (ops)', action: 'auth.link_issued', via_name: 'API shared secret' },
      { source: 'admin_dashboard', actor_name: 'Ada (ops)', action: 'auth.link_used', via_name: null },
    ]);
  });

  it('refuses members without an admin role (a role they named "admin" themselves is none), and people outside the server, with the reason', async () => {
    const bob = await issue(BOB);
    expect(bob.status).toBe(403);
    expect(bob.body.message).toBe('Bob has none of the admin roles in the admin server');
    const stranger = await issue(STRANGER);
    expect(stranger.status).toBe(403);
    expect(stranger.body.message).toBe(`Discord user ${STRANGER} is not a member of the admin server`);
    expect(await db.query('SELECT 1 FROM discord_links WHERE discord_user_id = ANY($1)', [[BOB, STRANGER]])).toEqual(
      [],
    );
    expect((await issue('not-a-snowflake')).status).toBe(400);
  });

  it('issues no link whose audit event cannot be written', async () => {
    const before = await db.query('SELECT token_hash FROM discord_links');
    await db.query(`ALTER TABLE audit_events ADD CONSTRAINT trail_down CHECK (false) NOT VALID`);
    try {
      expect((await issue(ADA)).status).toBe(500);
    } finally {
      await db.query('ALTER TABLE audit_events DROP CONSTRAINT trail_down');
    }
    expect(await db.query('SELECT token_hash FROM discord_links')).toEqual(before);
  });

  it('refuses an expired link', async () => {
    const issued = await issue(ADA);
    await db.query(`UPDATE discord_links SET expires_at = now() - interval '1 second'`);
    const refused = await open(new Browser(), issued.body.url, { headers: { accept: 'application/json' } });
    expect(refused.status).toBe(410);
    expect(await refused.json()).toMatchObject({ message: expect.stringMatching(/has expired/) });
    expect((await open(new Browser(), `${PUBLIC_BASE_URL}/auth/discord/link/${'x'.repeat(43)}`)).status).toBe(404);
  });

  it('lands on the path asked for, never on another site', async () => {
    const browser = new Browser();
    const toJobs = await open(browser, (await issue(ADA, '/jobs?state=dead')).body.url);
    expect(toJobs.headers.get('location')).toBe('/jobs?state=dead');
    const away = await open(browser, (await issue(ADA, 'https://evil.example/')).body.url);
    expect(away.headers.get('location')).toBe('/dashboard');
  });

  it('is not used up by a chat link preview', async () => {
    const { url } = (await issue(ADA)).body;
    const preview = await open(new Browser(), url, {
      headers: { 'user-agent': 'Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)' },
    });
    expect(preview.status).toBe(200);
    expect((await open(new Browser(), url)).status).toBe(302);
  });

  it('serves the bot in process, trusting the roles its gateway already has for the admin server', async () => {
    const links = app.app.get(DiscordLinks);
    const lookups = () => discord.requests.filter((r) => r.path.includes('/members/')).length;
    const before = lookups();
    const link = await links.issue({
      discordUserId: BOB,
      known: { guildId: GUILD, roleIds: [ADMIN_ROLE], roleNames: [], name: 'Bob' },
    });
    expect(lookups()).toBe(before);
    expect(link.url.startsWith(`${PUBLIC_BASE_URL}/auth/discord/link/`)).toBe(true);
    // Roles from another server prove nothing: Discord REST decides.
    await expect(
      links.issue({
        discordUserId: BOB,
        known: { guildId: '810000000000000099', roleIds: [ADMIN_ROLE], roleNames: [], name: 'Bob' },
      }),
    ).rejects.toThrow('Bob has none of the admin roles in the admin server');
    expect(lookups()).toBe(before + 1);
  });

  it('issues links only to tokens with links:issue, and names the token in the audit event', async () => {
    const made = await postJson(app, '/auth/tokens', { name: 'discord-bot', scopes: ['links:issue'] });
    const { token } = (await made.json()) as { token: string };
    const ask = (bearer: string) =>
      fetch(`${app.url}/auth/discord/links`, {
        method: 'POST',
        headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
        body: JSON.stringify({ discordUserId: ADA }),
      });
    expect((await ask(token)).status).toBe(201);
    const [issued] = await db.query(
      `SELECT via_id, via_name FROM audit_events WHERE action = 'auth.link_issued' ORDER BY id DESC LIMIT 1`,
    );
    expect(issued).toEqual({ via_id: expect.stringMatching(/^token:/), via_name: 'discord-bot' });
    const other = await postJson(app, '/auth/tokens', { name: 'reader', scopes: ['jobs:read'] });
    expect((await ask(((await other.json()) as { token: string }).token)).status).toBe(403);
  });
});
