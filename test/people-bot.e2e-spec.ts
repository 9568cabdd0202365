import type { MappedPerson } from '../src/people/mapping/mapped-person';
import { PeopleStore } from '../src/people/store/people-store';
import type { Sql } from '../src/people/store/sql';
import { SyncRuns } from '../src/people/store/sync-runs';
import { alice, bob, CHANNELS, discordEnv, sam, startFakeDiscord, TEAM } from './support/discord-world';
import { FakeDiscord, FakeUser } from './support/fake-discord';
import { FakeDiscordGateway } from './support/fake-discord-gateway';
import { startTestApp, TestApp, waitFor } from './support/switchyard';
import { createTestDatabase, TestDatabase } from './support/test-database';

const person = (crmId: string, fields: Partial<MappedPerson>): MappedPerson => ({
  crmId,
  name: null,
  firstName: null,
  lastName: null,
  primaryEmail: null,
  otherEmails: [],
  phone: null,
  discordUserId: null,
  discordUsername: null,
  githubUsername: null,
  linkedin: null,
  roles: [],
  seniority: null,
  skills: [],
  timezone: null,
  location: null,
  memberAgreementSignedAt: null,
  idVerifiedAt: null,
  resumes: [],
  latestResume: null,
  crmCreatedAt: null,
  crmModifiedAt: null,
  ...fields,
});

const PEOPLE: MappedPerson[] = [
  person('c-ada', {
    name: 'Ada Lovelace',
    primaryEmail: 'ada@example.org',
    discordUserId: alice.id,
    discordUsername: 'alice',
    roles: ['Developer'],
    skills: [
      { name: 'Go', strength: 3 },
      { name: 'TypeScript', strength: 5 },
      { name: 'Rust', strength: null },
      { name: 'SQL', strength: 4 },
    ],
  }),
  person('c-grace', {
    name: 'Grace Hopper',
    primaryEmail: 'grace@example.org',
    discordUserId: bob.id,
    discordUsername: 'bob',
    roles: ['Developer', 'Lead'],
    skills: [
      { name: 'TypeScript', strength: 3 },
      { name: 'COBOL', strength: 5 },
    ],
  }),
  person('c-linus', {
    name: 'Linus Ops',
    primaryEmail: 'linus@example.com',
    roles: ['DevOps'],
    skills: [{ name: 'Go', strength: 5 }],
  }),
  person('c-ghost', {
    name: 'Ghost Gone',
    primaryEmail: 'ghost@example.org',
    skills: [{ name: 'TypeScript', strength: 5 }],
  }),
  ...Array.from({ length: 12 }, (_, i) =>
    person(`c-temp-${i}`, {
      name: `Temp Worker ${String(i).padStart(2, '0')}`,
      skills: [{ name: 'Excel', strength: 2 }],
    }),
  ),
];

/** The people commands: any member of the server reads the people cache, privately. */
describe('the people commands in Discord', () => {
  let db: TestDatabase;
  let discord: FakeDiscord;
  let gateway: FakeDiscordGateway;
  let bot: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    ({ discord, gateway } = await startFakeDiscord());
    bot = await startTestApp({
      databaseUrl: db.url,
      roles: ['bot'],
      // The bot never calls EspoCRM for these commands; configured is all /crm-status reports.
      env: discordEnv(discord, { ESPO_BASE_URL: 'http://127.0.0.1:9', ESPO_API_KEY: 'unused-key' }),
    });
    await waitFor(async () => discord.commands(null), 'the slash commands to be registered');
    const sql: Sql = (text, params) => db.query(text, params);
    await new PeopleStore(sql, 'espocrm').store(PEOPLE);
    await new PeopleStore(sql, 'espocrm').markMissing(['c-ghost']);
    const runs = new SyncRuns(sql);
    const run = await runs.start('cli', null, null);
    await runs.finish(run, { crmTotal: 15, seen: 15, created: 16, changed: 0, unchanged: 0, missing: 1, failed: 0 });
  });
  afterAll(async () => {
    await bot?.stop();
    await gateway?.stop();
    await discord?.stop();
    await db?.drop();
  });

  const run = async (user: FakeUser, text: string, options: Record<string, string> = {}) => {
    const answer = await gateway.command(text, options, { user, guildId: TEAM, channelId: CHANNELS.general }).settled();
    expect(answer.ephemeral).toBe(true);
    return answer.content;
  };

  it('/search-members by skill lists active people holding it, strongest first, with roles, top skills and mention', async () => {
    const text = await run(bob, 'search-members', { skills: 'typescript' });
    expect(text.split('\n')).toEqual([
      '2 people match:',
      `• **Ada Lovelace** · Developer · TypeScript (5/5), SQL (4/5), Go (3/5) · <@${alice.id}>`,
      `• **Grace Hopper** · Developer, Lead · COBOL (5/5), TypeScript (3/5) · <@${bob.id}>`,
    ]);
    expect(text).not.toContain('Ghost');
  });

  it('/search-members needs every listed skill, and combines words with skills', async () => {
    expect(await run(sam, 'search-members', { skills: 'TypeScript, Go' })).toMatch(
      /^1 person matches:\n• \*\*Ada Lovelace\*\*/,
    );
    expect(await run(sam, 'search-members', { query: 'ops', skills: 'go' })).toBe(
      '1 person matches:\n• **Linus Ops** · DevOps · Go (5/5)',
    );
  });

  it('/search-members finds by name, e-mail, Discord name and mention', async () => {
    for (const query of ['grace', 'grace@example.org', 'bob', `<@${bob.id}>`]) {
      expect(await run(alice, 'search-members', { query })).toMatch(/^1 person matches:\n• \*\*Grace Hopper\*\*/);
    }
  });

  it('/search-members shows at most ten people and says how many more', async () => {
    const lines = (await run(bob, 'search-members', { skills: 'excel' })).split('\n');
    expect(lines[0]).toBe('12 people match:');
    expect(lines.filter((line) => line.startsWith('• '))).toHaveLength(10);
    expect(lines.at(-1)).toBe('…and 2 more; narrow the search to see them.');
  });

  it('/search-members says when nothing matched, and what is wrong with bad input', async () => {
    expect(await run(bob, 'search-members', { query: 'nobody-here', skills: 'cobol' })).toBe(
      'Nobody in the CRM matches "nobody-here" with skills cobol.',
    );
    expect(await run(bob, 'search-members')).toBe(
      '⚠️ Give a query, skills, or both: /search-members query:<name> skills:<a, b>.',
    );
    expect(await run(bob, 'search-members', { query: '   ', skills: ' , ' })).toMatch(/^⚠️ Give a query, skills/);
    expect(await run(bob, 'search-members', { query: 'x'.repeat(101) })).toBe(
      '⚠️ query is too long (101 characters; at most 100).',
    );
  });

  it('/view-skills shows the asker’s own skills with strengths, or someone else’s', async () => {
    expect(await run(bob, 'view-skills')).toBe(
      `Skills of **Grace Hopper** (<@${bob.id}>):\n• COBOL (5/5)\n• TypeScript (3/5)`,
    );
    expect(await run(bob, 'view-skills', { query: 'ada' })).toBe(
      `Skills of **Ada Lovelace** (<@${alice.id}>):\n• TypeScript (5/5)\n• SQL (4/5)\n• Go (3/5)\n• Rust`,
    );
  });

  it('/view-skills asks for a narrower query when several match, and says when nobody does', async () => {
    expect(await run(bob, 'view-skills', { query: 'example.org' })).toBe(
      '2 people match "example.org"; be more specific (an e-mail or @mention):\n• Ada Lovelace (ada@example.org)\n• Grace Hopper (grace@example.org)',
    );
    expect(await run(bob, 'view-skills', { query: 'zed' })).toBe('⚠️ Nobody in the CRM matches "zed".');
    expect(await run(sam, 'view-skills')).toBe(
      '⚠️ Your Discord account is not linked to anyone in the CRM; give a query, or ask an admin to link you.',
    );
  });

  it('/crm-status shows the cache counts, the last full sync and that EspoCRM is configured', async () => {
    const text = await run(bob, 'crm-status');
    expect(text).toContain('**People cache**: 15 active, 1 missing in the CRM');
    expect(text).toContain('**EspoCRM**: configured; scheduled sync off (CRM_SYNC_ENABLED)');
    expect(text).toMatch(
      /\*\*Last full sync\*\* \(cli\): succeeded <t:\d+:f>; seen 15, created 16, changed 0, unchanged 0, missing 1, failed 0/,
    );
  });

  it('answers none of them in a DM', async () => {
    const answer = await gateway.command('crm-status', {}, { user: bob }).settled();
    expect(answer).toMatchObject({
      ephemeral: true,
      content: "⚠️ /crm-status works in the team's Discord server, not in DMs.",
    });
  });

  it('/search-members covers HubSpot people too, and names the CRM they come from', async () => {
    const sql: Sql = (text, params) => db.query(text, params);
    // A HubSpot contact whose id is an EspoCRM contact's id too: two people.
    await new PeopleStore(sql, 'hubspot').store([
      person('c-ada', {
        name: 'Hedy Lamarr',
        primaryEmail: 'hedy@example.org',
        roles: ['Inventor'],
        skills: [{ name: 'TypeScript', strength: null }],
      }),
    ]);
    expect((await run(bob, 'search-members', { skills: 'typescript' })).split('\n')).toEqual([
      '3 people match:',
      `• **Ada Lovelace** · Developer · TypeScript (5/5), SQL (4/5), Go (3/5) · <@${alice.id}>`,
      `• **Grace Hopper** · Developer, Lead · COBOL (5/5), TypeScript (3/5) · <@${bob.id}>`,
      '• **Hedy Lamarr** · Inventor · TypeScript (HubSpot)',
    ]);
    expect(await run(bob, 'search-members', { query: 'example.org lamarr' })).toBe(
      '1 person matches:\n• **Hedy Lamarr** · Inventor · TypeScript (HubSpot)',
    );
    expect(await run(bob, 'crm-status')).toContain(
      '**People cache**: 16 active (1 from HubSpot), 1 missing in the CRM',
    );
  });
});
