import { createHash } from 'node:crypto';
import { bootstrapBrowser, visibleText } from './support/dashboard';
import { startTestApp, TestApp } from './support/switchyard';
import { createTestDatabase, TestDatabase } from './support/test-database';

interface MadeToken {
  id: string;
  name: string;
  scopes: string[];
  token: string;
}

describe('API tokens', () => {
  let db: TestDatabase;
  let app: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startTestApp({ databaseUrl: db.url, roles: ['api'], env: { AUTH_BOOTSTRAP_LOGIN: 'on' } });
  });
  afterAll(async () => {
    await app?.stop();
    await db?.drop();
  });

  const json = { 'content-type': 'application/json' };
  const as = (token: string, path: string, init: RequestInit = {}) =>
    fetch(`${app.url}${path}`, {
      ...init,
      headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${token}` },
    });
  const make = async (name: string, scopes: string[], by?: string): Promise<MadeToken> => {
    const init = { method: 'POST', headers: json, body: JSON.stringify({ name, scopes }) };
    const res = by ? await as(by, '/auth/tokens', init) : await app.api('/auth/tokens', init);
    expect(res.status).toBe(201);
    return (await res.json()) as MadeToken;
  };
  const listed = async (id: string) => {
    const { tokens } = (await (await app.api('/auth/tokens')).json()) as {
      tokens: { id: string; lastUsedAt: string | null; revokedAt: string | null; revokedBy: unknown }[];
    };
    return tokens.find((t) => t.id === id)!;
  };

  it('shows the secret once, stores only its hash, and opens only the routes of its scopes', async () => {
    const res = await app.api('/auth/tokens', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ name: 'dashboards', scopes: ['jobs:read'] }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const made = (await res.json()) as MadeToken;
    expect(made).toMatchObject({
      name: 'dashboards',
      scopes: ['jobs:read'],
      token: expect.stringMatching(/^sy_[\w-]{43}$/),
    });
    const [row] = await db.query<Record<string, unknown>>('SELECT * FROM api_tokens WHERE id = $1', [made.id]);
    expect(JSON.stringify(row)).not.toContain(made.token.slice(3));
    expect(row!.token_hash).toBe(createHash('sha256').update(made.token).digest('hex'));
    expect(JSON.stringify(await (await app.api('/auth/tokens')).json())).not.toContain(made.token);

    expect((await as(made.token, '/jobs')).status).toBe(200);
    const refused = await as(made.token, '/rules');
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({
      message: 'This API token lacks the scope rules:read (it has: jobs:read)',
    });
    expect((await as(`${made.token.slice(0, -1)}x`, '/jobs')).status).toBe(401);
  });

  it('notes when it was last used, at most once a minute', async () => {
    const made = await make('reporting', ['jobs:read']);
    expect((await listed(made.id)).lastUsedAt).toBeNull();
    await as(made.token, '/jobs');
    const first = (await listed(made.id)).lastUsedAt;
    expect(first).not.toBeNull();
    await as(made.token, '/jobs');
    expect((await listed(made.id)).lastUsedAt).toBe(first);
    await db.query(`UPDATE api_tokens SET last_used_at = now() - interval '2 minutes' WHERE id = $1`, [made.id]);
    await as(made.token, '/jobs');
    expect(Date.parse((await listed(made.id)).lastUsedAt!)).toBeGreaterThan(Date.now() - 30_000);
  });

  it('is audited under its own name for every change it makes', async () => {
    const made = await make('rule-sync', ['rules:write', 'rules:read']);
    const created = await as(made.token, '/rules', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ text: 'when github.push then log' }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect(
      await db.query('SELECT source, actor_id, actor_name FROM audit_events WHERE action = $1 AND target = $2', [
        'rule.create',
        id,
      ]),
    ).toEqual([{ source: 'api', actor_id: `token:${made.id}`, actor_name: 'rule-sync' }]);
    const [creation] = await db.query('SELECT actor_id, data FROM audit_events WHERE action = $1 AND target = $2', [
      'token.create',
      made.id,
    ]);
    expect(creation).toEqual({
      actor_id: 'api',
      data: { request: { name: 'rule-sync', scopes: ['rules:write', 'rules:read'] } },
    });
  });

  it('never grants a scope the token making it lacks', async () => {
    const manager = await make('token-manager', ['tokens:write', 'tokens:read', 'jobs:read']);
    const wider = await as(manager.token, '/auth/tokens', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ name: 'wider', scopes: ['jobs:read', 'rules:write'] }),
    });
    expect(wider.status).toBe(403);
    expect(await wider.json()).toMatchObject({
      message: 'A token cannot grant scopes it does not hold itself: rules:write',
    });
    const narrower = await make('narrower', ['jobs:read'], manager.token);
    expect((await as(narrower.token, '/jobs')).status).toBe(200);
    const [made] = await db.query('SELECT actor_id, actor_name FROM audit_events WHERE action = $1 AND target = $2', [
      'token.create',
      narrower.id,
    ]);
    expect(made).toEqual({ actor_id: `token:${manager.id}`, actor_name: 'token-manager' });
  });

  it('refuses bad input with the reason', async () => {
    const cases: [unknown, string][] = [
      [{ name: 'x', scopes: [] }, 'scopes must name at least one scope'],
      [{ name: 'x', scopes: ['everything'] }, 'each of scopes must be one of: events:read'],
      [{ name: ' ', scopes: ['jobs:read'] }, 'name must not be empty'],
      [{ scopes: ['jobs:read'] }, 'name must not be empty'],
    ];
    for (const [body, reason] of cases) {
      const res = await app.api('/auth/tokens', { method: 'POST', headers: json, body: JSON.stringify(body) });
      expect(res.status).toBe(400);
      expect(JSON.stringify(await res.json())).toContain(reason);
    }
  });

  it('is refused (401) once revoked; a revoked name can be used again', async () => {
    const made = await make('ci', ['jobs:read']);
    expect(
      (
        await app.api('/auth/tokens', {
          method: 'POST',
          headers: json,
          body: JSON.stringify({ name: 'CI', scopes: ['jobs:read'] }),
        })
      ).status,
    ).toBe(409);
    const revoked = await app.api(`/auth/tokens/${made.id}`, { method: 'DELETE' });
    expect(revoked.status).toBe(200);
    expect(await revoked.json()).toMatchObject({ revokedBy: { id: 'api', name: 'API shared secret' } });
    const refused = await as(made.token, '/jobs');
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ message: 'This API token was revoked' });
    expect((await app.api(`/auth/tokens/${made.id}`, { method: 'DELETE' })).status).toBe(409);
    expect((await listed(made.id)).revokedAt).not.toBeNull();
    await make('ci', ['jobs:read']);
  });

  it('reports Discord actions with audit:write, naming itself, and may not speak for the dashboard', async () => {
    const bot = await make('discord-bot', ['audit:write']);
    const reported = await as(bot.token, '/audit/events', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({
        source: 'discord',
        actor: { id: '830000000000000001', name: 'ada' },
        action: 'schedule.add',
      }),
    });
    expect(reported.status).toBe(201);
    expect(await reported.json()).toMatchObject({
      source: 'discord',
      actor: { id: '830000000000000001', name: 'ada' },
      via: { id: `token:${bot.id}`, name: 'discord-bot' },
    });
    const forged = await as(bot.token, '/audit/events', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ source: 'admin_dashboard', actor: { id: 'ada' }, action: 'rule.create' }),
    });
    expect(forged.status).toBe(400);
    expect(await forged.json()).toMatchObject({ message: ['source must be one of: discord'] });
  });

  it('is made and revoked on the dashboard, its secret shown once', async () => {
    const { cookie } = await bootstrapBrowser(app.url, db);
    const page = await fetch(`${app.url}/dashboard/tokens`, { headers: { cookie } });
    expect(page.status).toBe(200);
    const html = await page.text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
    expect(visibleText(html)).toContain('events:read : read stored webhooks');

    const post = (path: string, body: URLSearchParams, withCsrf = true) => {
      if (withCsrf) body.set('_csrf', csrf);
      return fetch(`${app.url}${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
    };
    const body = new URLSearchParams([
      ['name', 'grafana'],
      ['scopes', 'jobs:read'],
      ['scopes', 'events:read'],
    ]);
    expect((await post('/dashboard/tokens', new URLSearchParams(body), false)).status).toBe(403);
    const created = await post('/dashboard/tokens', body);
    expect(created.status).toBe(201);
    expect(created.headers.get('cache-control')).toBe('no-store');
    const shown = await created.text();
    const token = /sy_[\w-]{43}/.exec(shown)![0];
    expect(visibleText(shown)).toContain('Copy the token now: it is shown only this once.');
    expect((await as(token, '/webhooks/events')).status).toBe(200);

    const list = await (await fetch(`${app.url}/dashboard/tokens`, { headers: { cookie } })).text();
    expect(list).not.toContain(token);
    const [row] = await db.query<{ id: string; scopes: string[]; created_by_name: string }>(
      `SELECT id, scopes, created_by_name FROM api_tokens WHERE name = 'grafana'`,
    );
    expect(row).toMatchObject({ scopes: ['jobs:read', 'events:read'], created_by_name: 'Bootstrap admin' });
    expect(visibleText(list)).toMatch(/grafana jobs:read events:read .* by Bootstrap admin/);

    const refused = await post('/dashboard/tokens', new URLSearchParams({ name: 'nothing' }));
    expect(refused.status).toBe(400);
    expect(visibleText(await refused.text())).toContain('scopes must name at least one scope');

    const revoked = await post(`/dashboard/tokens/${row!.id}/revoke`, new URLSearchParams());
    expect(revoked.status).toBe(303);
    expect(revoked.headers.get('location')).toBe('/dashboard/tokens?done=revoked');
    expect((await as(token, '/webhooks/events')).status).toBe(401);
    expect(
      await db.query(`SELECT action, source, actor_name FROM audit_events WHERE target = $1 ORDER BY id`, [row!.id]),
    ).toEqual([
      { action: 'token.create', source: 'admin_dashboard', actor_name: 'Bootstrap admin' },
      { action: 'token.revoke', source: 'admin_dashboard', actor_name: 'Bootstrap admin' },
    ]);
  });
});
