import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Browser } from './support/browser';
import { runSwitchyard } from './support/child-process';
import { freePort } from './support/free-port';
import { captureLogs } from './support/log-capture';
import { startTestApp, waitFor } from './support/switchyard';
import { createTestDatabase, TestDatabase } from './support/test-database';

const LINK = /(http:\/\/localhost:(\d+)(\/auth\/bootstrap\/[\w-]{43}))/;
const bare = { DATABASE_URL: undefined, ROLES: undefined, DISCORD_BOT_TOKEN: undefined, OIDC_ISSUER_URL: undefined };

describe('bootstrap sign-in (no identity provider)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('prints a one-time admin link once the api listens on a local run, which signs in once', async () => {
    const logs = captureLogs();
    const app = await startTestApp({
      databaseUrl: db.url,
      roles: ['api'],
      env: { RUNTIME_ENV: 'local' },
      logger: logs.logger,
    });
    try {
      const line = await waitFor(
        async () => logs.lines().find((l) => String(l.msg).startsWith('Admin sign-in link')),
        'the link',
      );
      const [, , port, path] = LINK.exec(String(line.msg))!;
      expect(`http://127.0.0.1:${port}`).toBe(app.url);
      expect(line.msg).toContain('(one use, valid 60 min)');

      const anonymous = await new Browser().fetch(`${app.url}/dashboard`);
      expect(anonymous.status).toBe(401);
      expect(await anonymous.text()).toContain('node dist/main.js admin-link');
      // A live refresh without a session reloads the page it came from, which then says how to sign in.
      const refresh = await fetch(`${app.url}/dashboard/jobs`, {
        headers: { 'hx-request': 'true', 'hx-current-url': `${app.url}/dashboard/jobs?state=dead` },
      });
      expect(refresh.status).toBe(401);
      expect(refresh.headers.get('hx-redirect')).toBe('/dashboard/jobs?state=dead');

      const browser = new Browser();
      const used = await browser.fetch(`${app.url}${path}`);
      expect(used.status).toBe(302);
      expect(used.headers.get('location')).toBe('/dashboard');
      const me = await browser.fetch(`${app.url}/auth/me`, { headers: { accept: 'application/json' } });
      expect(await me.json()).toMatchObject({
        subject: 'bootstrap',
        name: 'Bootstrap admin',
        admin: true,
        method: 'bootstrap',
      });
      expect((await browser.fetch(`${app.url}/dashboard`)).status).toBe(200);

      const again = await new Browser().fetch(`${app.url}${path}`);
      expect(again.status).toBe(410);
      expect(await again.text()).toContain('already used');
      expect(await db.query(`SELECT action FROM audit_events WHERE actor_id = 'bootstrap'`)).toEqual([
        { action: 'auth.login' },
      ]);
    } finally {
      await app.stop();
    }
  });

  it('never writes a link into the logs outside local runs, even when switched on', async () => {
    const since = (await db.query<{ now: Date }>('SELECT now()'))[0]!.now;
    const logs = captureLogs();
    const app = await startTestApp({
      databaseUrl: db.url,
      roles: ['api'],
      // Staging keeps files in MinIO; none runs here (the bucket check fails in the background).
      env: {
        RUNTIME_ENV: 'staging',
        AUTH_BOOTSTRAP_LOGIN: 'on',
        MINIO_ENDPOINT: 'http://127.0.0.1:9',
        MINIO_ROOT_PASSWORD: 'minio-not-running',
      },
      logger: logs.logger,
    });
    try {
      const warning = await waitFor(
        async () => logs.lines().find((l) => String(l.msg).startsWith('AUTH_BOOTSTRAP_LOGIN=on (RUNTIME_ENV=staging)')),
        'the warning',
      );
      expect(warning).toMatchObject({ level: 40 });
      expect(warning.msg).toContain('print one with `node dist/main.js admin-link`');
      // Long enough for the listening server to have announced a link, were it going to.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(JSON.stringify(logs.lines())).not.toMatch(/\/auth\/bootstrap\/[\w-]{43}/);
      expect(await db.query('SELECT token_hash FROM bootstrap_links WHERE created_at >= $1', [since])).toEqual([]);
    } finally {
      await app.stop();
    }
  });

  it('is off outside local runs unless enabled, and says how to sign in instead', async () => {
    const app = await startTestApp({ databaseUrl: db.url, roles: ['api'] });
    try {
      const link = await fetch(`${app.url}/auth/bootstrap/${'a'.repeat(43)}`, {
        headers: { accept: 'application/json' },
      });
      expect(link.status).toBe(404);
      expect(await link.json()).toMatchObject({
        message: expect.stringMatching(/only on local runs without an identity provider/),
      });
      const login = await fetch(`${app.url}/auth/login`, { headers: { accept: 'application/json' } });
      expect(login.status).toBe(404);
      expect(await login.json()).toMatchObject({ message: expect.stringMatching(/set OIDC_ISSUER_URL/) });
    } finally {
      await app.stop();
    }
  });

  it('`admin-link` refuses outside local runs, and prints a usable link when enabled', async () => {
    const refused = runSwitchyard(['admin-link'], { ...bare, RUNTIME_ENV: 'test', DATABASE_URL: db.url });
    expect((await refused.exited).code).toBe(1);
    expect(refused.output()).toContain('Bootstrap links are only for RUNTIME_ENV=local (this is test)');

    const port = await freePort();
    const env = { ...bare, RUNTIME_ENV: 'test', DATABASE_URL: db.url, AUTH_BOOTSTRAP_LOGIN: 'on', PORT: String(port) };
    const printed = runSwitchyard(['admin-link'], env);
    expect((await printed.exited).code).toBe(0);
    const [, , linkPort, path] = LINK.exec(printed.output())!;
    expect(linkPort).toBe(String(port));

    const app = await startTestApp({ databaseUrl: db.url, roles: ['api'], env: { AUTH_BOOTSTRAP_LOGIN: 'on' } });
    try {
      expect((await fetch(`${app.url}${path}`, { redirect: 'manual' })).status).toBe(302);
    } finally {
      await app.stop();
    }
  });
});

describe('on a fresh machine (`npm start` with nothing configured)', () => {
  it('prints a sign-in link at startup, and `admin-link` joins the running embedded database for another', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-bootstrap-'));
    const env = {
      ...bare,
      RUNTIME_ENV: undefined,
      DATA_DIR: dataDir,
      EMBEDDED_POSTGRES_PORT: String(await freePort()),
      PORT: String(await freePort()),
      HOST: '127.0.0.1',
    };
    const api = runSwitchyard(['api'], env);
    try {
      const [, , port, firstPath] = await api.waitForOutput(LINK, 60_000);
      expect(port).toBe(env.PORT);
      const second = runSwitchyard(['admin-link'], env);
      expect((await second.exited).code).toBe(0);
      const [, , , secondPath] = LINK.exec(second.output())!;
      expect(secondPath).not.toBe(firstPath);
      for (const path of [firstPath, secondPath]) {
        expect((await fetch(`http://127.0.0.1:${port}${path}`, { redirect: 'manual' })).status).toBe(302);
      }
    } finally {
      api.process.kill('SIGTERM');
      await api.exited;
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
