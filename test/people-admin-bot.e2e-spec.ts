import { mapContact } from '../src/people/mapping/map-contact';
import { mapHubspotContact } from '../src/people/mapping/map-hubspot-contact';
import { PeopleStore } from '../src/people/store/people-store';
import type { Sql } from '../src/people/store/sql';
import type { Environment } from '../src/platform/config/environment';
import { readCrmConfig } from '../src/platform/config/crm-config';
import { alice, bob, CHANNELS, discordEnv, sam, startFakeDiscord, TEAM } from './support/discord-world';
import { FakeDiscord, FakeUser } from './support/fake-discord';
import { FakeDiscordGateway } from './support/fake-discord-gateway';
import { FakeEspoCrm } from './support/fake-espocrm';
import { samplePdf } from './support/resume-files';
import { startTestApp, TestApp, waitFor } from './support/switchyard';
import { createTestDatabase, TestDatabase } from './support/test-database';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const fields = readCrmConfig({} as Environment, []).fields;

/** The admin people commands, through the fake Discord, a loopback EspoCRM and real PostgreSQL. */
describe('the admin people commands in Discord', () => {
  const espo = new FakeEspoCrm('bot-espo-key');
  let db: TestDatabase;
  let discord: FakeDiscord;
  let gateway: FakeDiscordGateway;
  let app: TestApp;
  let dataDir: string;
  let sql: Sql;
  const contacts: Record<string, string> = {};

  /** Reads every contact of the fake EspoCRM into the people cache (the full sync is tested elsewhere). */
  const cacheContacts = async () => {
    await new PeopleStore(sql, 'espocrm').store(
      [...espo.contacts.values()].map((contact) => mapContact(contact, fields)),
    );
  };

  beforeAll(async () => {
    await espo.start();
    dataDir = await mkdtemp(join(tmpdir(), 'switchyard-people-admin-bot-'));
    db = await createTestDatabase();
    sql = (text, params) => db.query(text, params);
    ({ discord, gateway } = await startFakeDiscord());
    // More unlinked members than one answer lists.
    for (let i = 0; i < 22; i++) {
      discord.addMember(TEAM, { id: `95000000000000${String(i).padStart(4, '0')}`, username: `temp${i}` });
    }
    contacts.ada = espo.addContact({
      firstName: 'Ada',
      lastName: 'Lovelace',
      emailAddress: 'ada@example.org',
      [fields.discordUserId]: alice.id,
      [fields.discordUsername]: 'alice',
    }).id;
    contacts.grace = espo.addContact({ firstName: 'Grace', lastName: 'Hopper', emailAddress: 'grace@example.org' }).id;
    contacts.linusOne = espo.addContact({ firstName: 'Linus', lastName: 'One', emailAddress: 'l1@example.com' }).id;
    contacts.linusTwo = espo.addContact({ firstName: 'Linus', lastName: 'Two', emailAddress: 'l2@example.com' }).id;
    app = await startTestApp({
      databaseUrl: db.url,
      roles: ['api', 'bot'],
      env: discordEnv(discord, {
        DISCORD_GUILD_ID: TEAM,
        DATA_DIR: dataDir,
        ESPO_BASE_URL: espo.url,
        ESPO_API_KEY: 'bot-espo-key',
        ESPO_MAX_ATTEMPTS: '1',
      }),
    });
    await cacheContacts();
    await waitFor(async () => discord.commands(TEAM), 'the slash commands to be registered');
  });
  afterAll(async () => {
    await app?.stop();
    await gateway?.stop();
    await discord?.stop();
    await db?.drop();
    await espo.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const run = async (user: FakeUser, text: string, options: Record<string, string> = {}) => {
    const answer = await gateway.command(text, options, { user, guildId: TEAM, channelId: CHANNELS.general }).settled();
    expect(answer.ephemeral).toBe(true);
    return answer.content;
  };
  const audits = (action: string) =>
    db.query<{ actor_id: string; target: string; data: any }>(
      'SELECT actor_id, target, data FROM audit_events WHERE action = $1 ORDER BY id',
      [action],
    );
  const cached = async (crmId: string) =>
    (
      await db.query<{ discord_user_id: string | null; discord_username: string | null }>(
        'SELECT discord_user_id, discord_username FROM people WHERE crm_id = $1',
        [crmId],
      )
    )[0];

  it('refuses members who are not admins', async () => {
    for (const [command, options] of [
      ['unlinked-discord-users', {}],
      ['link-discord-user', { user: bob.id, search_term: 'grace' }],
      ['get-resume', { query: 'ada' }],
    ] as const) {
      expect(await run(bob, command, options)).toMatch(/^Sorry, \/[a-z-]+ is for Switchyard admins/);
    }
    expect(espo.count('PUT', /Contact/)).toBe(0);
  });

  it('/unlinked-discord-users lists the server’s people no one in the CRM is linked to, at most 20', async () => {
    const lines = (await run(alice, 'unlinked-discord-users')).split('\n');
    expect(lines[0]).toBe('24 of 25 members are not linked to anyone in the CRM (link with /link-discord-user):');
    expect(lines[1]).toBe(`• <@${bob.id}> bob (bob)`);
    expect(lines.filter((line) => line.startsWith('• '))).toHaveLength(20);
    expect(lines.join('\n')).not.toContain(alice.id);
    expect(lines.join('\n')).not.toContain('switchyard-bot');
    expect(lines.at(-1)).toBe('…and 4 more.');
  });

  it('/unlinked-discord-users says what to switch on when Discord refuses the member list', async () => {
    discord.membersIntent = false;
    try {
      expect(await run(alice, 'unlinked-discord-users')).toMatch(/^⚠️ .*switch on the Server Members intent/);
    } finally {
      discord.membersIntent = true;
    }
  });

  it('/link-discord-user writes the user to the one contact found, re-reads it into the cache, and audits it', async () => {
    const text = await run(alice, 'link-discord-user', { user: bob.id, search_term: 'grace@example.org' });
    expect(text).toBe(`Linked **Grace Hopper** to <@${bob.id}> (bob) in the CRM.`);
    expect(espo.contacts.get(contacts.grace!)).toMatchObject({
      [fields.discordUserId]: bob.id,
      [fields.discordUsername]: 'bob',
    });
    expect(await cached(contacts.grace!)).toEqual({ discord_user_id: bob.id, discord_username: 'bob' });
    const [audit] = await audits('people.link_discord_user');
    expect(audit).toMatchObject({
      actor_id: alice.id,
      target: contacts.grace,
      data: {
        command: '/link-discord-user',
        discordUserId: bob.id,
        discordUsername: 'bob',
        before: { discordUserId: null, discordUsername: null },
      },
    });
    // bob is linked now: no longer listed.
    expect(await run(alice, 'unlinked-discord-users')).toMatch(/^23 of 25 members/);
  });

  it('/link-discord-user lists candidates, says when nobody matches, and never links one user twice', async () => {
    expect(await run(alice, 'link-discord-user', { user: sam.id, search_term: 'linus' })).toBe(
      '⚠️ 2 people match "linus"; be more specific (an e-mail or @mention):\n• Linus One (l1@example.com)\n• Linus Two (l2@example.com)',
    );
    expect(await run(alice, 'link-discord-user', { user: sam.id, search_term: 'nobody' })).toBe(
      '⚠️ Nobody in the CRM matches "nobody".',
    );
    expect(await run(alice, 'link-discord-user', { user: bob.id, search_term: 'linus one' })).toBe(
      `⚠️ <@${bob.id}> is already linked to **Grace Hopper** in the CRM; unlink them there first.`,
    );
    expect(await run(alice, 'link-discord-user', { user: alice.id, search_term: 'ada' })).toBe(
      `**Ada Lovelace** is already linked to <@${alice.id}>.`,
    );
    expect(await audits('people.link_discord_user')).toHaveLength(1);
  });

  it('/link-discord-user changes nothing when EspoCRM refuses the write, and says why', async () => {
    espo.fail('PUT', /Contact/, { status: 403, reason: 'No edit access' });
    const text = await run(alice, 'link-discord-user', { user: sam.id, search_term: 'l1@example.com' });
    expect(text).toMatch(/^⚠️ Nothing was linked: EspoCRM refused .*403 No edit access/);
    expect(espo.contacts.get(contacts.linusOne!)?.[fields.discordUserId]).toBeUndefined();
    expect(await cached(contacts.linusOne!)).toEqual({ discord_user_id: null, discord_username: null });
    expect(await audits('people.link_discord_user')).toHaveLength(1);
  });

  it('/link-discord-user keeps no cache change when its audit event cannot be written (one transaction)', async () => {
    await db.query(`CREATE FUNCTION refuse_link_audit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit refused by the test'; END $$`);
    await db.query(`CREATE TRIGGER refuse_link_audit BEFORE INSERT ON audit_events FOR EACH ROW
      WHEN (NEW.action = 'people.link_discord_user') EXECUTE FUNCTION refuse_link_audit()`);
    try {
      const text = await run(alice, 'link-discord-user', { user: sam.id, search_term: 'l2@example.com' });
      expect(text).toMatch(/^Something went wrong running \/link-discord-user; the details are in Switchyard's log/);
      expect(await cached(contacts.linusTwo!)).toEqual({ discord_user_id: null, discord_username: null });
    } finally {
      await db.query('DROP TRIGGER refuse_link_audit ON audit_events');
      await db.query('DROP FUNCTION refuse_link_audit()');
    }
  });

  it('/get-resume gives a signed link to the latest resume uploaded through Switchyard, or says none is stored', async () => {
    expect(await run(alice, 'get-resume', { query: 'grace' })).toBe(
      'No resume of **Grace Hopper** is stored in Switchyard (none was uploaded through it).',
    );
    const pdf = await samplePdf();
    const form = new FormData();
    form.append('file', new Blob([pdf]), 'ada-cv.pdf');
    form.append('contactId', contacts.ada!);
    expect((await app.api('/jobs/resume-extract', { method: 'POST', body: form })).status).toBe(202);

    const answer = await gateway
      .command('get-resume', { query: 'ada' }, { user: alice, guildId: TEAM, channelId: CHANNELS.general })
      .settled();
    expect(answer.ephemeral).toBe(true);
    expect(answer.content).toMatch(/^Latest resume of \*\*Ada Lovelace\*\*: ada-cv\.pdf, uploaded <t:\d+:f>\n/);
    const url = /(http\S+\/files\/\S+)/.exec(answer.content)![1]!;
    const download = await fetch(url);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await download.arrayBuffer()).equals(pdf)).toBe(true);
    // A damaged link opens nothing.
    expect((await fetch(`${url.slice(0, -3)}xyz`)).status).toBe(404);
  });

  it('/link-discord-user and /get-resume refuse a person from HubSpot with the reason', async () => {
    const hubspotPerson = mapHubspotContact(
      { id: '1001', properties: { firstname: 'Hedy', lastname: 'Lamarr', email: 'hedy@example.net' } },
      readCrmConfig({} as Environment, []).hubspotProperties,
    );
    await new PeopleStore(sql, 'hubspot').store([hubspotPerson]);
    const writes = espo.count('PUT', /Contact/);
    expect(await run(alice, 'link-discord-user', { user: sam.id, search_term: 'hedy' })).toBe(
      '⚠️ **Hedy Lamarr** comes from HubSpot; Switchyard writes Discord links to EspoCRM contacts only. Set the Discord user id and username on the contact in HubSpot (the cache follows at its next sync).',
    );
    expect(espo.count('PUT', /Contact/)).toBe(writes);
    expect(await audits('people.link_discord_user')).toHaveLength(1);
    expect(await run(alice, 'get-resume', { query: 'hedy' })).toBe(
      '**Hedy Lamarr** comes from HubSpot; Switchyard keeps resumes for EspoCRM contacts only.',
    );
  });
});
