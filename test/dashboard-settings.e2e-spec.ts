import { createHmac } from 'node:crypto';
import { Browser } from './support/browser';
import { dashboardBrowser, visibleText, SignedInDashboard, signedInDashboard } from './support/dashboard';
import { githubHeaders, postGithub, pullRequestPayload } from './support/github';
import { postJson, TestApp } from './support/switchyard';
import type { TestDatabase } from './support/test-database';

const PUBLIC_URL = 'https://hooks.example.org';
const CHANNEL = '123456789012345678';

/** Rules, sources, scheduled messages and the signed-in identity, as an admin uses them in a browser. */
describe('dashboard: rules, sources, schedules and identity', () => {
  let dashboard: SignedInDashboard;
  let db: TestDatabase;
  let app: TestApp;
  let admin: Browser;
  let csrf: string;

  beforeAll(async () => {
    dashboard = await signedInDashboard({ PUBLIC_BASE_URL: PUBLIC_URL });
    ({ db, app, admin, csrf } = dashboard);
  });
  afterAll(() => dashboard?.stop());

  const page = async (path: string) => {
    const res = await admin.fetch(`${app.url}${path}`);
    const html = await res.text();
    return { status: res.status, html, text: visibleText(html) };
  };
  const post = async (path: string, form: Record<string, string>) => {
    const res = await admin.post(`${app.url}${path}`, { _csrf: csrf, ...form });
    const html = await res.text();
    return { status: res.status, location: res.headers.get('location'), html, text: visibleText(html) };
  };
  const audit = () =>
    db.query<{ source: string; actor_name: string; action: string; target: string | null; data: unknown }>(
      `SELECT source, actor_name, action, target, data FROM audit_events WHERE action NOT LIKE 'auth.%' ORDER BY id`,
    );
  const auditSince = async (count: number) => (await audit()).slice(count);
  const rulesInOrder = () =>
    db.query<{ id: string; text: string; enabled: boolean }>('SELECT id, text, enabled FROM rules ORDER BY position');

  describe('identity', () => {
    it('shows who is signed in (name, email, groups) with a sign-out button that posts the CSRF token', async () => {
      const { text, html } = await page('/dashboard/rules');
      expect(text).toContain('Ada Admin ada@example.org groups: Members, Steering Committee');
      expect(html).toMatch(
        /<form method="post" action="\/auth\/logout"[^>]*>\s*<input type="hidden" name="_csrf" value="[^"]+">\s*<button type="submit"[^>]*>Sign out<\/button>/,
      );
      expect(text).toContain('Overview Webhooks Jobs Rules Sources Schedules People Audit log');
      expect(html).toContain('<a href="/dashboard/rules" aria-current="page">Rules</a>');
    });
  });

  describe('rules', () => {
    const ruleText = `when github.pull_request.* where action == "opened" then discord.post channel=${CHANNEL}`;

    it('says how to write a first rule when there is none', async () => {
      const { status, text } = await page('/dashboard/rules');
      expect(status).toBe(200);
      expect(text).toContain('No rule yet, so webhooks are stored but nothing is posted. Write a first rule');
    });

    it("shows the parser's reason next to the field, with line and column, keeping what was typed", async () => {
      const before = (await audit()).length;
      const typo = `when github.pull_request.* thn discord.post channel=${CHANNEL}`;
      const refused = await post('/dashboard/rules', { text: typo, enabled: 'on' });
      expect(refused.status).toBe(400);
      expect(refused.text).toContain(
        'Line 1, column 28: ' + typo + ' ^ column 28: expected "where" or "then" after the event pattern, found "thn"',
      );
      expect(refused.html).toContain(`aria-invalid="true"`);
      expect(refused.html).toMatch(/<textarea id="rule-text"[^>]*>when github\.pull_request\.\* thn discord\.post/);
      // Over several lines, the column the parser counts becomes the line and column a person sees.
      const multiLine = 'when github.pull_request.*\nwhere action == "opened" an\nthen log';
      const second = await post('/dashboard/rules', { text: multiLine });
      expect(second.status).toBe(400);
      expect(second.text).toContain('Line 2, column 26: where action == "opened" an ^ column 53: expected "then"');
      // Checks beyond syntax come back the same way.
      const unknownTemplate = await post('/dashboard/rules', {
        text: `when github.push then discord.post channel=${CHANNEL} template=nope`,
      });
      expect(unknownTemplate.status).toBe(400);
      expect(unknownTemplate.text).toMatch(/template.*nope/i);
      expect((await post('/dashboard/rules', { text: '  ' })).text).toContain('Write the rule: when <event type>');
      expect(await rulesInOrder()).toEqual([]);
      expect(await auditSince(before)).toEqual([]);
    });

    it('adds rules (CSRF token required), lists them in order, and audits each change', async () => {
      const before = (await audit()).length;
      const forged = await admin.post(`${app.url}/dashboard/rules`, { text: ruleText });
      expect(forged.status).toBe(403);

      const added = await post('/dashboard/rules', { text: ruleText, enabled: 'on' });
      expect(added.status).toBe(303);
      expect(added.location).toBe('/dashboard/rules?done=created');
      expect((await post('/dashboard/rules', { text: 'when github.push then log' })).status).toBe(303);
      const [first, second] = await rulesInOrder();
      expect([first!.text, first!.enabled, second!.text, second!.enabled]).toEqual([
        ruleText,
        true,
        'when github.push then log',
        false, // the box was left unticked
      ]);
      const list = await page('/dashboard/rules?done=created');
      expect(list.text).toContain('Rule added.');
      expect(list.text).toContain(`1 ${ruleText} yes`);
      expect(list.text).toContain('2 when github.push then log disabled');
      expect(await auditSince(before)).toEqual([
        {
          source: 'admin_dashboard',
          actor_name: 'Ada Admin',
          action: 'rule.create',
          target: first!.id,
          data: { request: { text: ruleText, enabled: 'on' } },
        },
        {
          source: 'admin_dashboard',
          actor_name: 'Ada Admin',
          action: 'rule.create',
          target: second!.id,
          data: { request: { text: 'when github.push then log' } },
        },
      ]);
    });

    it('reorders with move buttons, enables and disables, all audited', async () => {
      const [first, second] = await rulesInOrder();
      const before = (await audit()).length;
      const html = (await page('/dashboard/rules')).html;
      // The first rule has no "up", the last no "down": keyboard users meet only buttons that do something.
      expect(html.match(/>Move up</g)).toHaveLength(1);
      expect(html.match(/>Move down</g)).toHaveLength(1);

      const moved = await post(`/dashboard/rules/${second!.id}/move`, { direction: 'up' });
      expect(moved.status).toBe(303);
      expect((await rulesInOrder()).map((r) => r.id)).toEqual([second!.id, first!.id]);
      expect((await post(`/dashboard/rules/${second!.id}/move`, { direction: 'sideways' })).status).toBe(400);

      expect((await post(`/dashboard/rules/${second!.id}/enable`, {})).status).toBe(303);
      expect((await post(`/dashboard/rules/${first!.id}/disable`, {})).status).toBe(303);
      expect((await rulesInOrder()).map((r) => r.enabled)).toEqual([true, false]);
      expect((await page('/dashboard/rules?done=disabled')).text).toContain(
        'Rule disabled: it matches nothing until enabled again.',
      );
      expect((await auditSince(before)).map((e) => [e.action, e.target, e.data])).toEqual([
        ['rule.reorder', second!.id, { request: { direction: 'up' } }],
        ['rule.enable', second!.id, {}],
        ['rule.disable', first!.id, {}],
      ]);
    });

    it('edits a rule: errors inline on the edit page, then saved', async () => {
      const [, rule] = await rulesInOrder();
      const form = await page(`/dashboard/rules/${rule!.id}`);
      expect(form.html).toContain(`>${ruleText.replace(/"/g, '&#34;')}</textarea>`);
      const refused = await post(`/dashboard/rules/${rule!.id}`, { text: 'when github.push then' });
      expect(refused.status).toBe(400);
      expect(refused.text).toContain('Edit rule');
      expect(refused.text).toMatch(/Line 1, column 22: .*expected an action/);
      const changed = ruleText.replace('"opened"', '"closed"');
      expect((await post(`/dashboard/rules/${rule!.id}`, { text: changed })).location).toBe(
        '/dashboard/rules?done=saved',
      );
      expect((await rulesInOrder())[1]!.text).toBe(changed);
      expect((await page(`/dashboard/rules/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
    });

    it('tests a rule against a stored webhook: whether it matches and the exact message, posting nothing', async () => {
      const delivered = await postGithub(app.url, pullRequestPayload(7));
      const { eventId } = (await delivered.json()) as { eventId: string };
      const detail = await page(`/dashboard/webhooks/${eventId}`);
      expect(detail.html).toContain(`href="/dashboard/rules/test?eventId=${eventId}"`);
      expect(detail.text).toContain('Test a rule against this event');

      const picker = await page(`/dashboard/rules/test?eventId=${eventId}`);
      expect(picker.status).toBe(200);
      expect(picker.html).toMatch(new RegExp(`<option value="${eventId}" selected>`));
      expect(picker.text).not.toContain('Result');

      const query = (text: string) => `/dashboard/rules/test?eventId=${eventId}&text=${encodeURIComponent(text)}`;
      const expected = (await (await postJson(app, '/rules/test', { text: ruleText, eventId })).json()) as {
        message: string;
      };
      expect(expected.message).toContain('#7');
      const hit = await page(query(ruleText));
      expect(hit.status).toBe(200);
      expect(hit.text).toContain(`Matches this webhook. Action: discord.post channel=${CHANNEL}`);
      expect(hit.html).toContain(`<pre><code>${escapeHtml(expected.message)}</code></pre>`);

      const miss = await page(query(ruleText.replace('"opened"', '"closed"')));
      expect(miss.text).toContain('Does not match this webhook: nothing would happen.');

      const bad = await page(query('when github.push thn log'));
      expect(bad.status).toBe(400);
      expect(bad.text).toContain('Line 1, column 18: when github.push thn log ^');

      // An existing rule by id: its text is filled in.
      const [rule] = await rulesInOrder();
      expect((await page(`/dashboard/rules/test?ruleId=${rule!.id}`)).html).toContain(`>${rule!.text}</textarea>`);
      expect((await page(`/dashboard/rules/test?eventId=00000000-0000-4000-8000-000000000000`)).status).toBe(404);
      expect((await page(`/dashboard/rules/test?eventId=${'-'.repeat(36)}`)).status).toBe(400);
      // A dry run: nothing was posted or queued, nothing audited.
      expect(await db.query(`SELECT id FROM pgboss.job WHERE name = 'discord.post'`)).toHaveLength(0);
    });

    it('deletes a rule (audited)', async () => {
      const [rule] = await rulesInOrder();
      const before = (await audit()).length;
      expect((await post(`/dashboard/rules/${rule!.id}/delete`, {})).location).toBe('/dashboard/rules?done=deleted');
      expect((await rulesInOrder()).map((r) => r.id)).not.toContain(rule!.id);
      expect((await post(`/dashboard/rules/${rule!.id}/delete`, {})).status).toBe(404);
      expect((await auditSince(before)).map((e) => [e.action, e.target])).toEqual([['rule.delete', rule!.id]]);
    });
  });

  describe('sources', () => {
    const deliver = (slug: string, secret: string) => {
      const body = JSON.stringify(pullRequestPayload(9));
      const headers = {
        ...githubHeaders(body),
        'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
      };
      return fetch(`${app.url}/webhooks/${slug}`, { method: 'POST', headers, body });
    };
    const secretOf = (html: string) => /<code class="secret" id="secret">([^<]+)<\/code>/.exec(html)?.[1];
    let secret: string;

    it('lists sources with the absolute URL to paste into the provider', async () => {
      const { text } = await page('/dashboard/sources');
      expect(text).toContain(`github github ${PUBLIC_URL}/webhooks/github yes`);
    });

    it('says how to add a first source when there is none', async () => {
      await db.query('DELETE FROM webhook_sources');
      const { text } = await page('/dashboard/sources');
      expect(text).toContain('No source yet, so no webhook can arrive. Add one below');
      expect(text).toContain(`The URL becomes ${PUBLIC_URL}/webhooks/<slug>`);
    });

    it('refuses a bad source with the reason, keeping what was typed', async () => {
      const refused = await post('/dashboard/sources', { provider: 'github', slug: 'Not A Slug' });
      expect(refused.status).toBe(400);
      expect(refused.text).toContain('slug must be lower-case letters, digits, - or _ (at most 63)');
      expect(refused.html).toContain('value="Not A Slug"');
      const badSettings = await post('/dashboard/sources', { provider: 'generic', slug: 'forms', settings: '{oops' });
      expect(badSettings.text).toContain('settings must be JSON');
      const unknown = await post('/dashboard/sources', { provider: 'myspace', slug: 'old' });
      expect(unknown.text).toContain('provider must be one of: github');
    });

    it('adds a source and shows its secret once, which then verifies deliveries (audited without the secret)', async () => {
      const before = (await audit()).length;
      const created = await post('/dashboard/sources', { provider: 'github', slug: 'acme-github' });
      expect(created.status).toBe(201);
      expect(created.text).toContain('Copy the secret now: it is shown only this once.');
      expect(created.text).toContain(`URL to paste into github ${PUBLIC_URL}/webhooks/acme-github`);
      secret = secretOf(created.html)!;
      expect(secret).toMatch(/^[\w-]{32}$/);
      expect((await deliver('acme-github', secret)).status).toBe(202);

      const shown = await page('/dashboard/sources/acme-github');
      expect(shown.status).toBe(200);
      expect(shown.text).toContain(`URL to paste into the provider ${PUBLIC_URL}/webhooks/acme-github`);
      expect(shown.html).not.toContain(secret);
      expect((await page('/dashboard/sources')).html).not.toContain(secret);
      const events = await auditSince(before);
      expect(events).toEqual([
        {
          source: 'admin_dashboard',
          actor_name: 'Ada Admin',
          action: 'source.create',
          target: 'acme-github',
          data: { request: { provider: 'github', slug: 'acme-github' } },
        },
      ]);
      expect(JSON.stringify(await audit())).not.toContain(secret);
      expect((await post('/dashboard/sources', { provider: 'github', slug: 'acme-github' })).status).toBe(409);
    });

    it('rotates the secret: the new one shown once, the old one retired when asked', async () => {
      const before = (await audit()).length;
      const rotated = await post('/dashboard/sources/acme-github/rotate', { previousValidForSeconds: '0' });
      expect(rotated.status).toBe(200);
      expect(rotated.text).toContain('New secret for acme-github');
      const fresh = secretOf(rotated.html)!;
      expect(fresh).not.toBe(secret);
      expect((await deliver('acme-github', fresh)).status).toBe(202);
      expect((await deliver('acme-github', secret)).status).toBe(401);
      expect((await page('/dashboard/sources/acme-github')).html).not.toContain(fresh);
      expect((await auditSince(before)).map((e) => [e.action, e.target, e.data])).toEqual([
        ['source.rotate_secret', 'acme-github', { request: { previousValidForSeconds: '0' } }],
      ]);
      expect((await post('/dashboard/sources/nope/rotate', {})).status).toBe(404);
      expect((await post('/dashboard/sources/acme-github/rotate', { previousValidForSeconds: 'soon' })).status).toBe(
        400,
      );
    });

    it('disables and enables a source: deliveries refused in between (audited)', async () => {
      const before = (await audit()).length;
      const current = await post('/dashboard/sources/acme-github/rotate', {});
      const fresh = secretOf(current.html)!;
      expect((await post('/dashboard/sources/acme-github/disable', {})).location).toBe(
        '/dashboard/sources/acme-github?done=disabled',
      );
      expect((await page('/dashboard/sources/acme-github?done=disabled')).text).toContain(
        'Source disabled: deliveries to it are refused (403)',
      );
      expect((await deliver('acme-github', fresh)).status).toBe(403);
      expect((await post('/dashboard/sources/acme-github/enable', {})).status).toBe(303);
      expect((await deliver('acme-github', fresh)).status).toBe(202);
      expect((await auditSince(before)).map((e) => e.action)).toEqual([
        'source.rotate_secret',
        'source.disable',
        'source.enable',
      ]);
    });
  });

  describe('scheduled messages', () => {
    const schedules = () =>
      db.query<{ id: number; cron: string; created_by_name: string }>(
        'SELECT id, cron, created_by_name FROM scheduled_messages ORDER BY id',
      );

    it('says how to add one when nothing is scheduled', async () => {
      expect((await page('/dashboard/schedules')).text).toContain('Nothing is scheduled. Add a message below');
    });

    it('refuses a bad cron or channel with the reason, keeping what was typed', async () => {
      const bad = await post('/dashboard/schedules', {
        cron: '0 9 * *',
        timezone: 'UTC',
        channelId: CHANNEL,
        message: 'Standup!',
      });
      expect(bad.status).toBe(400);
      expect(bad.text).toContain('"0 9 * *" is not a five-field cron expression');
      expect(bad.html).toContain('value="0 9 * *"');
      expect(bad.html).toContain('>Standup!</textarea>');
      const channel = await post('/dashboard/schedules', { cron: '0 9 * * 1', channelId: 'general', message: 'x' });
      expect(channel.text).toContain('Channel must be a Discord channel id');
      const zone = await post('/dashboard/schedules', {
        cron: '0 9 * * 1',
        timezone: 'Mars/Olympus',
        channelId: CHANNEL,
        message: 'x',
      });
      expect(zone.text).toContain('Unknown time zone "Mars/Olympus"');
      expect(await schedules()).toEqual([]);
    });

    it('adds and removes a scheduled message with its pg-boss schedule, audited as the admin', async () => {
      const before = (await audit()).length;
      const added = await post('/dashboard/schedules', {
        cron: '0 9 * * 1',
        timezone: 'Europe/Berlin',
        channelId: CHANNEL,
        message: 'Standup in 5 minutes',
      });
      expect(added.location).toBe('/dashboard/schedules?done=added');
      const [row] = await schedules();
      expect(row).toMatchObject({ cron: '0 9 * * 1', created_by_name: 'Ada Admin' });
      expect(
        await db.query(`SELECT key FROM pgboss.schedule WHERE name = 'discord.scheduled-post' AND key = $1`, [
          String(row!.id),
        ]),
      ).toHaveLength(1);
      const list = await page('/dashboard/schedules?done=added');
      expect(list.text).toContain(`${row!.id} 0 9 * * 1 Europe/Berlin ${CHANNEL} Standup in 5 minutes`);
      expect(list.text).toContain('0 times Ada Admin');

      expect((await post(`/dashboard/schedules/${row!.id}/remove`, {})).location).toBe(
        '/dashboard/schedules?done=removed',
      );
      expect(await schedules()).toEqual([]);
      expect(await db.query(`SELECT key FROM pgboss.schedule WHERE name = 'discord.scheduled-post'`)).toHaveLength(0);
      expect((await post(`/dashboard/schedules/${row!.id}/remove`, {})).status).toBe(404);
      expect((await post(`/dashboard/schedules/abc/remove`, {})).status).toBe(400);
      expect((await post(`/dashboard/schedules/99999999999/remove`, {})).status).toBe(404);
      expect((await auditSince(before)).map((e) => [e.source, e.actor_name, e.action, e.target])).toEqual([
        ['admin_dashboard', 'Ada Admin', 'schedule.add', String(row!.id)],
        ['admin_dashboard', 'Ada Admin', 'schedule.remove', String(row!.id)],
      ]);
    });
  });

  it('signs out with the button: the session ends', async () => {
    const { browser, csrf: token } = await dashboardBrowser(app.url, dashboard.idp, 'ada');
    const out = await browser.post(`${app.url}/auth/logout`, { _csrf: token });
    expect(out.status).toBe(200);
    expect(visibleText(await out.text())).toContain('You are signed out of Switchyard.');
    expect((await browser.fetch(`${app.url}/dashboard`)).status).toBe(302);
  });
});

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' })[c]!);
