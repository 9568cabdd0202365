import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { ROOT, runSwitchyard } from './support/child-process';
import { freePort } from './support/free-port';
import { createTestDatabase, TestDatabase } from './support/test-database';

/** The built entry point, as operators run it (`npm test` builds before jest). */
/** Class names of the migrations in /migrations, in order: `1764000000000-initial-schema.ts` → `InitialSchema1764000000000`. */
const MIGRATIONS = readdirSync(join(ROOT, 'migrations'))
  .filter((f) => /^\d+-[\w-]+\.ts$/.test(f))
  .sort()
  .map((f) => {
    const [, stamp, name] = /^(\d+)-([\w-]+)\.ts$/.exec(f)!;
    return name!.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase()) + stamp!;
  });

describe('node dist/main.js', () => {
  const bare = { DATABASE_URL: undefined, ROLES: undefined, DISCORD_BOT_TOKEN: undefined, LOG_LEVEL: 'info' };

  it('prints usage with --help', async () => {
    const child = runSwitchyard(['--help'], bare);
    expect((await child.exited).code).toBe(0);
    expect(child.output()).toContain('Usage: node dist/main.js [roles | command]');
    expect(child.output()).toContain('migrate');
  });

  it('exits 2 on an unknown role, naming the valid ones', async () => {
    const child = runSwitchyard(['web'], bare);
    expect((await child.exited).code).toBe(2);
    expect(child.output()).toContain('Unknown role or command "web". Valid roles: api, worker, bot, all');
  });

  it('exits 2 on an unknown role in ROLES', async () => {
    const child = runSwitchyard([], { ...bare, ROLES: 'api,scheduler' });
    expect((await child.exited).code).toBe(2);
    expect(child.output()).toContain('Unknown role or command "scheduler"');
  });

  it('exits 1 when the bot role is named without DISCORD_BOT_TOKEN', async () => {
    const child = runSwitchyard(['bot'], bare);
    expect((await child.exited).code).toBe(1);
    expect(child.output()).toContain('The bot role needs DISCORD_BOT_TOKEN');
  });

  it('exits 1 listing every configuration problem', async () => {
    const child = runSwitchyard(['api'], {
      ...bare,
      RUNTIME_ENV: 'production',
      PORT: 'eighty',
      JOB_TIMEOUT_SECONDS: '0',
    });
    expect((await child.exited).code).toBe(1);
    const output = child.output();
    expect(output).toContain('Invalid configuration:');
    expect(output).toContain('- DATABASE_URL must be a postgres:// connection URL (required unless RUNTIME_ENV=local)');
    expect(output).toContain('- PORT must be a whole number from 0 to 65535');
    expect(output).toContain('- JOB_TIMEOUT_SECONDS must be a whole number of at least 1');
  });

  describe('against a fresh database', () => {
    let db: TestDatabase;
    beforeEach(async () => {
      db = await createTestDatabase();
    });
    afterEach(async () => {
      await db.drop();
    });

    it('migrates once when two migrate commands race', async () => {
      const runs = [
        runSwitchyard(['migrate'], { ...bare, DATABASE_URL: db.url }),
        runSwitchyard(['migrate'], { ...bare, DATABASE_URL: db.url }),
      ];
      const exits = await Promise.all(runs.map((r) => r.exited));
      expect(exits.map((e) => e.code)).toEqual([0, 0]);
      expect(await db.query('SELECT name FROM schema_migrations ORDER BY id')).toEqual(
        MIGRATIONS.map((name) => ({ name })),
      );
      const outputs = runs.map((r) => r.output()).join('\n');
      expect(outputs).toContain(`Applied ${MIGRATIONS.length} migration(s): ${MIGRATIONS.join(', ')}`);
      expect(outputs).toContain('Database schema is up to date');
    });

    it('starts two api processes at once, migrating once, logging one summary each, and stops on SIGTERM', async () => {
      const env = { ...bare, DATABASE_URL: db.url, PORT: '0', HOST: '127.0.0.1', GITHUB_WEBHOOK_SECRET: 'x' };
      const apis = [runSwitchyard(['api'], env), runSwitchyard(['api,worker'], env)];
      try {
        await Promise.all(apis.map((a) => a.waitForOutput(/Switchyard ready: roles/)));
        expect(await db.query('SELECT count(*)::int AS n FROM schema_migrations')).toEqual([{ n: MIGRATIONS.length }]);
        const summary = apis[1]!
          .output()
          .split('\n')
          .find((l) => l.includes('Switchyard ready'))!;
        const line = JSON.parse(summary) as { msg: string; roles: string[] };
        expect(line.roles).toEqual(['api', 'worker']);
        expect(line.msg).toContain(
          `database PostgreSQL at ${new URL(db.url).hostname}:${new URL(db.url).port}${new URL(db.url).pathname}`,
        );
        expect(line.msg).toContain('githubWebhooks on');
        const password = new URL(db.url).password;
        if (password) expect(apis.map((a) => a.output()).join('')).not.toContain(password);
      } finally {
        apis.forEach((a) => a.process.kill('SIGTERM'));
      }
      const exits = await Promise.all(apis.map((a) => a.exited));
      expect(exits.map((e) => e.code)).toEqual([0, 0]);
      expect(apis[0]!.output()).toContain('SIGTERM received: stopping');
    });

    it('runs `all` without a Discord token as api and worker, saying the bot is off', async () => {
      const all = runSwitchyard(['all'], { ...bare, DATABASE_URL: db.url, PORT: '0', HOST: '127.0.0.1' });
      try {
        const [line] = await all.waitForOutput(/.*Switchyard ready.*/);
        expect(line).toContain('roles api, worker');
        expect(line).toContain('bot off: no DISCORD_BOT_TOKEN');
      } finally {
        all.process.kill('SIGTERM');
      }
      expect((await all.exited).code).toBe(0);
    });
  });

  it('on Ctrl-C with embedded defaults, drains and stops its own PostgreSQL after the app, exiting 0', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-ctrl-c-'));
    const port = await freePort();
    // A terminal's Ctrl-C signals the whole foreground process group: start one and signal it all.
    const child = spawn(process.execPath, ['dist/main.js', 'worker'], {
      cwd: ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...bare, DATA_DIR: dataDir, EMBEDDED_POSTGRES_PORT: String(port), HEALTH_PORT: '0' },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 60_000;
      while (!output.includes('Switchyard ready') && Date.now() < deadline && child.exitCode === null) {
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(output).toContain('Switchyard ready');
      process.kill(-child.pid!, 'SIGINT');
      expect(await exited).toBe(0);
      expect(output).not.toMatch(/Unhandled 'error'|terminating connection/);
      const client = new Client({ host: '127.0.0.1', port, user: 'postgres', connectionTimeoutMillis: 1000 });
      client.on('error', () => undefined);
      await expect(client.connect()).rejects.toThrow(/ECONNREFUSED/);
    } finally {
      if (child.exitCode === null) process.kill(-child.pid!, 'SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});
