import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mapContact } from '../src/people/mapping/map-contact';
import { PeopleStore } from '../src/people/store/people-store';
import type { Sql } from '../src/people/store/sql';
import type { Environment } from '../src/platform/config/environment';
import { readCrmConfig } from '../src/platform/config/crm-config';
import {
  alice,
  bob,
  buttonsOf,
  CHANNELS,
  discordEnv,
  ROLES,
  sam,
  startFakeDiscord,
  TEAM,
} from './support/discord-world';
import { FakeDiscord, FakeUser } from './support/fake-discord';
import { FakeDiscordGateway } from './support/fake-discord-gateway';
import type { VisibleMessage } from './support/fake-discord-interactions';
import { FakeEspoCrm } from './support/fake-espocrm';
import { sampleDocx, samplePdf } from './support/resume-files';
import { startTestApp, TestApp, waitFor } from './support/switchyard';
import { createTestDatabase, TestDatabase } from './support/test-database';

const fields = readCrmConfig({} as Environment, []).fields;
const PDF_MIME = 'application/pdf';
const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/**
 * The people commands that change the CRM (/update-contact, /mark-id-verified, /upload-resume and its
 * Apply/Cancel buttons), through the fake Discord (gateway, REST, CDN), a loopback EspoCRM, real
 * PostgreSQL and a pg-boss worker extracting the resumes.
 */
describe('people changes from Discord', () => {
  const espo = new FakeEspoCrm('changes-espo-key');
  let db: TestDatabase;
  let discord: FakeDiscord;
  let gateway: FakeDiscordGateway;
  let app: TestApp;
  let dataDir: string;
  let sql: Sql;
  const contacts: Record<string, string> = {};

  beforeAll(async () => {
    await espo.start();
    dataDir = await mkdtemp(join(tmpdir(), 'switchyard-people-changes-'));
    db = await createTestDatabase();
    sql = (text, params) => db.query(text, params);
    ({ discord, gateway } = await startFakeDiscord());
    contacts.ada = espo.addContact({
      firstName: 'Ada',
      lastName: 'Lovelace',
      emailAddress: 'ada@example.org',
      [fields.discordUserId]: alice.id,
    }).id;
    contacts.bob = espo.addContact({
      firstName: 'Bob',
      lastName: 'Builder',
      emailAddress: 'bob@example.org',
      [fields.discordUserId]: bob.id,
      [fields.skills]: ['Go', 'Rust'],
      [fields.skillAttrs]: JSON.stringify({ Go: { strength: 4 }, Rust: { strength: 2 } }),
      [fields.seniority]: 'Junior',
    }).id;
    contacts.grace = espo.addContact({ firstName: 'Grace', lastName: 'Hopper', emailAddress: 'grace@example.org' }).id;
    contacts.linusOne = espo.addContact({ firstName: 'Linus', lastName: 'One', emailAddress: 'l1@example.com' }).id;
    contacts.linusTwo = espo.addContact({ firstName: 'Linus', lastName: 'Two', emailAddress: 'l2@example.com' }).id;
    app = await startTestApp({
      databaseUrl: db.url,
      roles: ['api', 'worker', 'bot'],
      env: discordEnv(discord, {
        DISCORD_GUILD_ID: TEAM,
        DISCORD_CDN_URL: discord.url,
        DATA_DIR: dataDir,
        ESPO_BASE_URL: espo.url,
        ESPO_API_KEY: 'changes-espo-key',
        ESPO_MAX_ATTEMPTS: '1',
        MAX_FILE_SIZE_MB: '1',
        ALLOWED_FILE_TYPES: 'pdf,docx',
      }),
    });
    // The people cache as a full sync would leave it (the sync is tested elsewhere).
    await new PeopleStore(sql, 'espocrm').store(
      [...espo.contacts.values()].map((contact) => mapContact(contact, fields)),
    );
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

  const where = { guildId: TEAM, channelId: CHANNELS.general };
  const run = async (user: FakeUser, text: string, options: Record<string, string | boolean> = {}) => {
    const answer = await gateway.command(text, options, { user, ...where }).settled();
    expect(answer.ephemeral).toBe(true);
    return answer.content;
  };
  const audits = (action: string) =>
    db.query<{ actor_id: string; target: string; data: any }>(
      'SELECT actor_id, target, data FROM audit_events WHERE action = $1 ORDER BY id',
      [action],
    );
  const cached = async (crmId: string) =>
    (await db.query<Record<string, any>>('SELECT * FROM people WHERE crm_id = $1', [crmId]))[0]!;
  const writes = () => espo.count('PUT', /Contact/) + espo.count('PATCH', /Contact/);

  /** Someone attaches a file to /upload-resume; the answer once the extraction is done. */
  const upload = async (
    user: FakeUser,
    file: { filename: string; contentType?: string; bytes: Buffer; size?: number },
    options: Record<string, string | boolean> = {},
  ) => {
    const attached = discord.attach(file);
    const interaction = gateway.command('upload-resume', { file: attached.id, ...options }, { user, ...where });
    return { attached, interaction, answer: await interaction.settled(60_000) };
  };
  const press = (message: VisibleMessage, label: 'Apply' | 'Cancel', user: FakeUser) => {
    const button = buttonsOf(message).find((b) => b.label === label)!;
    return gateway.click(message, button.id, { user, ...where }).settled(30_000);
  };

  it('refuses members who are not admins on the admin commands, and on uploading for someone else', async () => {
    expect(await run(bob, 'update-contact', { search_term: 'grace', phone: '+1 212 555 0100' })).toBe(
      'Sorry, /update-contact is for Switchyard admins: members of Acme Team with one of the roles Admin.',
    );
    expect(await run(bob, 'mark-id-verified', { search_term: 'grace' })).toMatch(
      /^Sorry, \/mark-id-verified is for Switchyard admins/,
    );
    const { attached, answer } = await upload(
      bob,
      { filename: 'grace.pdf', contentType: PDF_MIME, bytes: await samplePdf() },
      { search_term: 'grace' },
    );
    expect(answer.ephemeral).toBe(true);
    expect(answer.content).toBe(
      '⚠️ Members may upload only their own resume; **Grace Hopper** is not linked to your Discord account. Leave search_term empty, or ask an admin.',
    );
    expect(discord.downloads(attached.id)).toBe(0);
    expect(writes()).toBe(0);
    expect(
      await run(sam, 'upload-resume', { file: discord.attach({ filename: 'x.pdf', bytes: await samplePdf() }).id }),
    ).toBe(
      '⚠️ Your Discord account is not linked to anyone in the CRM: ask an admin to link you (/link-discord-user) or to upload it for you.',
    );
  });

  it('/update-contact writes the checked fields to EspoCRM, refreshes the cache, audits, and says what changed', async () => {
    const text = await run(alice, 'update-contact', {
      search_term: 'grace@example.org',
      phone: '+1 212 555 0100',
      github: 'https://github.com/gracehopper',
      linkedin: 'grace-hopper',
      timezone: 'UTC-5',
      location: 'Arlington, Virginia, USA',
      roles: 'Engineer, Admiral',
    });
    expect(text).toBe(
      [
        'Updated **Grace Hopper** in the CRM (6 of 6 fields changed):',
        '• phone: (empty) → +1 212 555 0100',
        '• github: (empty) → gracehopper',
        '• linkedin: (empty) → https://www.linkedin.com/in/grace-hopper',
        '• timezone: (empty) → UTC-05:00',
        '• location: (empty) → Arlington, Virginia, USA',
        '• roles: (empty) → Engineer, Admiral',
      ].join('\n'),
    );
    expect(espo.contacts.get(contacts.grace!)).toMatchObject({
      phoneNumber: '+1 212 555 0100',
      [fields.github]: 'gracehopper',
      [fields.linkedin]: 'https://www.linkedin.com/in/grace-hopper',
      [fields.timezone]: 'UTC-05:00',
      addressCity: 'Arlington',
      addressState: 'Virginia',
      addressCountry: 'USA',
      [fields.roles]: ['Engineer', 'Admiral'],
    });
    expect(await cached(contacts.grace!)).toMatchObject({
      phone: '+1 212 555 0100',
      github_username: 'gracehopper',
      timezone: 'UTC-05:00',
      location: 'Arlington, Virginia, USA',
      roles: ['Engineer', 'Admiral'],
    });
    const [audit] = await audits('people.update_contact');
    expect(audit).toMatchObject({ actor_id: alice.id, target: contacts.grace, data: { command: '/update-contact' } });
    expect(audit!.data.options).toMatchObject({ search_term: 'grace@example.org', timezone: 'UTC-5' });
    expect(audit!.data.changes).toContainEqual({ field: 'timezone', before: null, after: 'UTC-05:00', changed: true });

    // Replacing the skills drops the strength of a removed one (else the mapping would bring it back);
    // a value EspoCRM already holds is reported unchanged; '-' clears.
    const skills = await run(alice, 'update-contact', {
      search_term: `<@${bob.id}>`,
      skills: 'Go, Python',
      seniority: 'Junior',
      phone: '-',
    });
    expect(skills).toBe(
      [
        'Updated **Bob Builder** in the CRM (1 of 3 fields changed):',
        '• phone: unchanged ((empty))',
        '• seniority: unchanged (Junior)',
        '• skills: Go, Rust → Go, Python',
      ].join('\n'),
    );
    expect(JSON.parse(espo.contacts.get(contacts.bob!)![fields.skillAttrs] as string)).toEqual({ Go: { strength: 4 } });
    expect((await cached(contacts.bob!)).skills).toEqual([
      { name: 'Go', strength: 4 },
      { name: 'Python', strength: null },
    ]);
  });

  it('/update-contact refuses invalid values with the reason and an ambiguous person with the candidates, writing nothing', async () => {
    const before = writes();
    expect(await run(alice, 'update-contact', { search_term: 'grace', timezone: 'Europe/Berlin' })).toBe(
      '⚠️ Nothing was changed:\n• timezone: "Europe/Berlin" is not valid; expected an offset from UTC written UTC±HH:MM, e.g. UTC+02:00 or UTC-05:30 (not a place name)',
    );
    const several = await run(alice, 'update-contact', {
      search_term: 'grace',
      timezone: 'UTC+15:00',
      phone: 'call me',
      github: 'not a/user',
    });
    expect(several.split('\n')).toEqual([
      '⚠️ Nothing was changed:',
      '• phone: "call me" is not valid; expected digits, spaces, ( ) . - and a leading + only, e.g. +44 20 7946 0958',
      '• github: "not a/user" is not valid; expected a GitHub username (letters, digits, single hyphens, at most 39) or profile URL',
      '• timezone: "UTC+15:00" is not valid; expected offsets run from UTC-12:00 to UTC+14:00',
    ]);
    expect(await run(alice, 'update-contact', { search_term: 'grace' })).toBe(
      '⚠️ Give at least one field to set: phone, github, linkedin, seniority, timezone, location, roles or skills.',
    );
    expect(await run(alice, 'update-contact', { search_term: 'linus', seniority: 'Senior' })).toBe(
      '⚠️ 2 people match "linus"; be more specific (an e-mail or @mention):\n• Linus One (l1@example.com)\n• Linus Two (l2@example.com)',
    );
    espo.fail('PUT', /Contact/, { status: 403, reason: 'No edit access' });
    expect(await run(alice, 'update-contact', { search_term: 'l1@example.com', seniority: 'Senior' })).toMatch(
      /^⚠️ Nothing was changed: EspoCRM refused .*403 No edit access/,
    );
    expect(writes()).toBe(before + 1);
    expect(espo.contacts.get(contacts.linusOne!)![fields.seniority]).toBeUndefined();
    expect(await audits('people.update_contact')).toHaveLength(2);
  });

  it('/update-contact keeps no cache change when its audit event cannot be written (one transaction)', async () => {
    await db.query(`CREATE FUNCTION refuse_update_audit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit refused by the test'; END $$`);
    await db.query(`CREATE TRIGGER refuse_update_audit BEFORE INSERT ON audit_events FOR EACH ROW
      WHEN (NEW.action = 'people.update_contact') EXECUTE FUNCTION refuse_update_audit()`);
    try {
      const text = await run(alice, 'update-contact', { search_term: 'l2@example.com', seniority: 'Lead' });
      expect(text).toMatch(/^Something went wrong running \/update-contact; the details are in Switchyard's log/);
      expect((await cached(contacts.linusTwo!)).seniority).toBeNull();
      // EspoCRM is outside the transaction: what it accepted stays (the README says so).
      expect(espo.contacts.get(contacts.linusTwo!)![fields.seniority]).toBe('Lead');
    } finally {
      await db.query('DROP TRIGGER refuse_update_audit ON audit_events');
      await db.query('DROP FUNCTION refuse_update_audit()');
    }
  });

  it('/mark-id-verified sets the ID-verified field, refreshes the cache and audits; a bad date is refused', async () => {
    expect(await run(alice, 'mark-id-verified', { search_term: 'l2@example.com', date: '2025-03-14' })).toBe(
      'Marked **Linus Two** as ID-verified on 2025-03-14 in the CRM.',
    );
    expect(espo.contacts.get(contacts.linusTwo!)![fields.idVerified]).toBe('2025-03-14 12:00:00');
    const [audit] = await audits('people.mark_id_verified');
    expect(audit).toMatchObject({
      actor_id: alice.id,
      target: contacts.linusTwo,
      data: {
        field: 'cIdVerifiedAt',
        before: null,
        after: '2025-03-14T12:00:00.000Z',
        options: { date: '2025-03-14' },
      },
    });
    expect((await cached(contacts.linusTwo!)).id_verified_at).toEqual(new Date('2025-03-14T12:00:00Z'));

    const today = new Date().toISOString().slice(0, 10);
    expect(await run(alice, 'mark-id-verified', { search_term: 'l2@example.com' })).toBe(
      `Marked **Linus Two** as ID-verified on ${today} in the CRM (it was 2025-03-14).`,
    );
    expect(await run(alice, 'mark-id-verified', { search_term: 'l2@example.com', date: '2999-01-01' })).toBe(
      '⚠️ date 2999-01-01 is in the future.',
    );
    expect(await run(alice, 'mark-id-verified', { search_term: 'l2@example.com', date: '14/03/2025' })).toBe(
      '⚠️ date must be a calendar date written YYYY-MM-DD, e.g. 2025-03-14 ("14/03/2025" is not).',
    );
    expect(await audits('people.mark_id_verified')).toHaveLength(2);
  });

  it('/upload-resume: a member’s own PDF is extracted, previewed with buttons only they can press, and applied', async () => {
    const pdf = await samplePdf();
    const { attached, interaction, answer } = await upload(bob, {
      filename: 'bob-cv.pdf',
      contentType: PDF_MIME,
      bytes: pdf,
    });
    // Acknowledged within Discord's 3 s, answered when the extraction job was done.
    expect(interaction.acknowledgedAfterMs).toBeLessThan(3000);
    expect(discord.downloads(attached.id)).toBe(1);
    expect(answer.ephemeral).toBe(false);
    expect(answer.content).toMatch(
      /^📄 Resume preview for \*\*Bob Builder\*\* from bob-cv\.pdf \(uploaded by <@940000000000000002>\)/,
    );
    expect(answer.content).toContain('Apply would write (CRM now → resume):');
    expect(answer.content).toContain('• skills: add TypeScript, Node.js, PostgreSQL, Docker (has Go, Python)');
    expect(answer.content).toContain('• phone: (empty) → +442079460958');
    // Bob's seniority and name are kept without overwrite.
    expect(answer.content).toMatch(
      /Kept as the CRM has them \(upload with overwrite:true to replace\):\n(.*\n)*• seniority: Junior → senior/,
    );
    expect(buttonsOf(answer).map((b) => b.label)).toEqual(['Apply', 'Cancel']);
    const [uploaded] = await audits('people.resume_upload');
    expect(uploaded).toMatchObject({
      actor_id: bob.id,
      target: contacts.bob,
      data: { size: pdf.length, duplicate: false },
    });

    // Someone else (even an admin) is refused, privately; the preview stays as it was.
    const writesBefore = writes();
    const refused = await press(answer, 'Apply', alice);
    expect(refused.ephemeral).toBe(true);
    expect(refused.content).toBe(`⚠️ Only <@${bob.id}>, who uploaded this resume, can apply or cancel it.`);
    expect(writes()).toBe(writesBefore);
    expect(espo.contacts.get(contacts.bob!)!.phoneNumber).toBeNull();

    const applied = await press(answer, 'Apply', bob);
    expect(applied.ephemeral).toBe(false);
    expect(applied.components).toEqual([]);
    expect(applied.content).toContain(`✅ Applied by <@${bob.id}>; EspoCRM now holds:`);
    expect(applied.content).toContain('• phone: (empty) → +442079460958');
    expect(applied.content).toContain('The file is attached to the contact in EspoCRM.');
    const contact = espo.contacts.get(contacts.bob!)!;
    expect(contact).toMatchObject({ phoneNumber: '+442079460958', [fields.seniority]: 'Junior' });
    expect(contact[fields.skills]).toEqual(['Go', 'Python', 'TypeScript', 'Node.js', 'PostgreSQL', 'Docker']);
    const [resumeId] = contact[`${fields.resume}Ids`] as string[];
    expect(espo.attachments.get(resumeId!)).toMatchObject({
      name: 'bob-cv.pdf',
      type: PDF_MIME,
      parentId: contacts.bob,
    });
    expect(espo.attachments.get(resumeId!)!.bytes.equals(pdf)).toBe(true);
    expect(await cached(contacts.bob!)).toMatchObject({ phone: '+442079460958' });
    expect((await cached(contacts.bob!)).latest_resume).toMatchObject({ id: resumeId, name: 'bob-cv.pdf' });

    const refusals = await audits('people.resume_preview_refused');
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toMatchObject({
      actor_id: alice.id,
      data: { button: 'apply', reason: 'not_asker', askerId: bob.id },
    });
    const [apply] = await audits('people.resume_apply');
    expect(apply).toMatchObject({ actor_id: bob.id, target: contacts.bob, data: { outcome: 'applied' } });
    expect(apply!.data.fields.map((f: { field: string }) => f.field)).toContain('skills');

    // A second press on the old message (Discord may still show it) applies nothing again.
    const again = await press(answer, 'Apply', bob);
    expect(again.content).toBe('⚠️ This preview was applied already.');
    expect(espo.attachments.size).toBe(1);
  });

  it('/upload-resume by an admin for someone else (DOCX): overwrite proposes replacing values; Cancel writes nothing', async () => {
    const docx = await sampleDocx();
    // A slow EspoCRM (the extraction's read of the contact): the command is acknowledged in time
    // ("thinking…", public like the preview) and the preview edited in when ready.
    espo.fail('GET', new RegExp(`/Contact/${contacts.grace}$`), { status: 0, delayMs: 2000 });
    const kept = await upload(
      alice,
      { filename: 'grace.docx', contentType: DOCX_MIME, bytes: docx },
      { search_term: 'grace@example.org' },
    );
    expect(kept.interaction.requests.map((r) => r.kind)).toEqual(['callback', 'edit']);
    expect(kept.interaction.requests[0]).toMatchObject({ type: 5 });
    expect(kept.interaction.acknowledgedAfterMs).toBeLessThan(3000);
    expect(kept.answer.ephemeral).toBe(false);
    expect(kept.answer.content).toMatch(
      /Kept as the CRM has them[^]*• github: https:\/\/github\.com\/gracehopper → https:\/\/github\.com\/ghopper/,
    );
    const replacing = await upload(
      alice,
      { filename: 'grace.docx', contentType: DOCX_MIME, bytes: docx },
      { search_term: 'grace@example.org', overwrite: true },
    );
    const content = replacing.answer.content;
    expect(content.slice(content.indexOf('Apply would write'), content.indexOf('Only <@'))).toContain(
      '• github: https://github.com/gracehopper → https://github.com/ghopper',
    );
    expect(content).not.toContain('Kept as the CRM has them');
    // The same file for the same person is not extracted twice.
    const uploads = await audits('people.resume_upload');
    expect(uploads.slice(-2).map((u) => u.data.duplicate)).toEqual([false, true]);

    const before = writes();
    const cancelled = await press(replacing.answer, 'Cancel', alice);
    expect(cancelled.content).toContain(`✖️ Cancelled by <@${alice.id}>; nothing was written to the CRM.`);
    expect(cancelled.components).toEqual([]);
    expect(writes()).toBe(before);
    expect(espo.contacts.get(contacts.grace!)![fields.github]).toBe('gracehopper');
    expect(await audits('people.resume_cancel')).toHaveLength(1);
    expect((await press(replacing.answer, 'Apply', alice)).content).toBe('⚠️ This preview was cancelled already.');
  });

  it('/upload-resume: an admin who lost the role cannot apply a preview for someone else', async () => {
    const { answer } = await upload(
      alice,
      { filename: 'grace.docx', contentType: DOCX_MIME, bytes: await sampleDocx() },
      { search_term: 'grace@example.org' },
    );
    const member = discord.guilds.get(TEAM)!.members.get(alice.id)!;
    const roles = member.roles;
    member.roles = roles.filter((role) => role !== ROLES.admin);
    try {
      const before = writes();
      const refused = await press(answer, 'Apply', alice);
      expect(refused.ephemeral).toBe(true);
      expect(refused.content).toBe(
        "⚠️ This preview is for someone else's contact, and only admins change other people's details.",
      );
      expect(writes()).toBe(before);
    } finally {
      member.roles = roles;
    }
    expect((await audits('people.resume_preview_refused')).at(-1)).toMatchObject({
      actor_id: alice.id,
      data: { button: 'apply', reason: 'not_admin' },
    });
    // An admin again: the same preview still works (it was not used up by the refusal).
    const applied = await press(answer, 'Apply', alice);
    expect(applied.content).toContain(`✅ Applied by <@${alice.id}>`);
  });

  it('/upload-resume: Apply says which field EspoCRM refused and writes the others', async () => {
    const { answer } = await upload(
      alice,
      { filename: 'linus.pdf', contentType: PDF_MIME, bytes: await samplePdf() },
      { search_term: 'l1@example.com' },
    );
    expect(answer.content).toContain('• timezone: (empty) → UTC+00:00');
    espo.refusedAttributes.set(fields.timezone, 'Not valid value for cTimezone');
    try {
      const applied = await press(answer, 'Apply', alice);
      expect(applied.content).toMatch(
        /• timezone: not written \(EspoCRM refused .*400 Not valid value for cTimezone\)/,
      );
      expect(applied.content).toContain('• phone: (empty) → +442079460958');
    } finally {
      espo.refusedAttributes.clear();
    }
    expect(espo.contacts.get(contacts.linusOne!)).toMatchObject({ phoneNumber: '+442079460958' });
    expect(espo.contacts.get(contacts.linusOne!)![fields.timezone]).toBeUndefined();
    expect((await audits('people.resume_apply')).at(-1)).toMatchObject({
      actor_id: alice.id,
      target: contacts.linusOne,
      data: { outcome: 'partly_applied' },
    });
  });

  it('/upload-resume: a stale preview is refused and its buttons removed', async () => {
    const { answer } = await upload(alice, { filename: 'ada.pdf', contentType: PDF_MIME, bytes: await samplePdf() });
    await db.query(
      `UPDATE discord_resume_previews SET expires_at = now() - interval '1 minute' WHERE status = 'pending'`,
    );
    const before = writes();
    const stale = await press(answer, 'Apply', alice);
    expect(stale.content).toMatch(/⌛ This preview expired <t:\d+:R>; nothing was written\. Upload the resume again/);
    expect(stale.components).toEqual([]);
    expect(writes()).toBe(before);
    expect((await audits('people.resume_preview_refused')).at(-1)).toMatchObject({ data: { reason: 'expired' } });
  });

  it('/upload-resume refuses an oversized or wrong-type file before downloading it, and a disguised one after', async () => {
    const big = await upload(bob, {
      filename: 'huge.pdf',
      contentType: PDF_MIME,
      bytes: Buffer.alloc(1536 * 1024, 0x25),
    });
    expect(big.answer.content).toBe(
      '⚠️ huge.pdf has 1.5 MB; resumes may have at most 1 MB (MAX_FILE_SIZE_MB). Nothing was read.',
    );
    expect(discord.downloads(big.attached.id)).toBe(0);

    const doc = await upload(bob, { filename: 'cv.doc', contentType: 'application/msword', bytes: Buffer.from('x') });
    expect(doc.answer.content).toBe(
      '⚠️ cv.doc is a .doc file; accepted here: pdf, docx (ALLOWED_FILE_TYPES). Save it as PDF and try again.',
    );
    expect(discord.downloads(doc.attached.id)).toBe(0);

    // Discord declares a small size, the CDN serves more: the download stops at the limit.
    const lying = await upload(bob, {
      filename: 'small.pdf',
      contentType: PDF_MIME,
      bytes: Buffer.alloc(2 * 1024 * 1024, 0x25),
      size: 1000,
    });
    expect(lying.answer.content).toBe('⚠️ small.pdf is larger than 1 MB (MAX_FILE_SIZE_MB).');

    // Named .pdf, but a PNG image: judged by its bytes after the download.
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100, 1)]);
    const disguised = await upload(bob, { filename: 'photo.pdf', contentType: PDF_MIME, bytes: png });
    expect(disguised.answer.ephemeral).toBe(true);
    expect(disguised.answer.content).toMatch(/^⚠️ The file is not a PDF, DOCX or UTF-8 text file/);
    expect(discord.downloads(disguised.attached.id)).toBe(1);
  });
});
