import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './support/child-process';
import { freePort } from './support/free-port';
import { ANSIBLE_DIR, sh, tool } from './support/ops-tools';
import { createTestDatabase, TestDatabase } from './support/test-database';

const FAKE_DOCKER_BIN = join(ROOT, 'test', 'support', 'fake-docker');

/**
 * deploy.yml run for real by ansible-playbook against this machine. There is no Docker here, so a
 * stand-in docker CLI (test/support/fake-docker/docker) runs what the images would: Switchyard's
 * real migrations and a real Switchyard api on the port the playbook waits on; an image tagged
 * `broken` never becomes ready.
 */
describe('deploy.yml: migrate, start, wait for /ready, roll back a release that never gets ready', () => {
  let db: TestDatabase;
  let home: string;
  let state: string;
  let port: number;

  const dockerCalls = () => readFileSync(join(state, 'docker.log'), 'utf8').trim().split('\n');
  const deploy = (tag: string, readyTimeoutSeconds: number) =>
    sh(
      tool('ansible-playbook'),
      [
        '-i',
        'localhost,',
        '-c',
        'local',
        'deploy.yml',
        '-e',
        JSON.stringify({
          ansible_become: false,
          ansible_python_interpreter: '/usr/bin/python3',
          switchyard_home: home,
          // The files are the deploy user's: whoever runs the test (root in CI, or a developer).
          switchyard_deploy_user: userInfo().username,
          switchyard_secrets_owner: userInfo().username,
          switchyard_secrets_group: userInfo().username,
          switchyard_image: 'registry.example.com/switchyard',
          switchyard_image_tag: tag,
          switchyard_secrets_key: 'k'.repeat(40),
          switchyard_postgres_password: 'test-password',
          switchyard_api_port: port,
          switchyard_ready_timeout_seconds: readyTimeoutSeconds,
        }),
      ],
      {
        cwd: ANSIBLE_DIR,
        env: {
          PATH: `${FAKE_DOCKER_BIN}:${process.env.PATH}`,
          FAKE_DOCKER_LOG: join(state, 'docker.log'),
          FAKE_DOCKER_STATE: state,
          FAKE_DOCKER_API_PORT: String(port),
          FAKE_DOCKER_DATABASE_URL: db.url,
        },
        timeoutMs: 240_000,
      },
    );

  beforeAll(async () => {
    tool('ansible-playbook');
    if (!existsSync(join(ROOT, 'dist', 'main.js'))) throw new Error('dist/main.js is missing: run npm run build first');
    db = await createTestDatabase();
    home = mkdtempSync(join(tmpdir(), 'switchyard-home-'));
    state = mkdtempSync(join(tmpdir(), 'switchyard-fake-docker-'));
    port = await freePort();
  });

  afterAll(async () => {
    const pidfile = join(state, 'app.pid');
    if (existsSync(pidfile)) {
      const pid = Number(readFileSync(pidfile, 'utf8'));
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // Already gone.
      }
      for (let i = 0; i < 100; i++) {
        try {
          process.kill(pid, 0);
          await new Promise((r) => setTimeout(r, 100));
        } catch {
          break;
        }
      }
    }
    await db?.drop();
  });

  it('deploys a release: pull, migrate once, start with the new image, wait until ready, record it', async () => {
    await deploy('1.0.0', 60);
    const image = 'registry.example.com/switchyard:1.0.0';
    const calls = dockerCalls();
    expect(calls[0]).toBe(`docker pull ${image} [SWITCHYARD_IMAGE=]`);
    expect(calls.filter((c) => c.includes(' run --rm migrate'))).toEqual([
      `docker compose --project-directory ${home} run --rm migrate [SWITCHYARD_IMAGE=${image}]`,
    ]);
    expect(calls.at(-1)).toBe(
      `docker compose --project-directory ${home} up -d --remove-orphans api worker bot [SWITCHYARD_IMAGE=${image}]`,
    );
    expect(readFileSync(join(home, 'current-image'), 'utf8')).toBe(`${image}\n`);
    expect(readFileSync(join(home, '.env'), 'utf8')).toContain(`SWITCHYARD_IMAGE=${image}`);
    expect(readFileSync(join(home, 'switchyard.env'), 'utf8')).toContain('TRUST_PROXY=loopback,172.30.0.1');
    // The migrations really ran: the tables are there.
    expect(await db.query(`SELECT 1 FROM information_schema.tables WHERE table_name = 'webhook_events'`)).toHaveLength(
      1,
    );
    expect((await fetch(`http://127.0.0.1:${port}/ready`)).status).toBe(200);
  }, 240_000);

  it('rolls back to the image that ran before when the new one never gets ready, and fails saying so', async () => {
    const before = dockerCalls().length;
    await expect(deploy('broken', 9)).rejects.toThrow(
      /registry\.example\.com\/switchyard:broken did not become ready .*rolled back to registry\.example\.com\/switchyard:1\.0\.0/s,
    );
    const calls = dockerCalls().slice(before);
    const ups = calls.filter((c) => c.includes(' up -d --remove-orphans api worker bot'));
    expect(ups.map((c) => /SWITCHYARD_IMAGE=(.*)\]$/.exec(c)?.[1])).toEqual([
      'registry.example.com/switchyard:broken',
      'registry.example.com/switchyard:1.0.0',
    ]);
    expect(readFileSync(join(home, 'current-image'), 'utf8')).toBe('registry.example.com/switchyard:1.0.0\n');
    expect((await fetch(`http://127.0.0.1:${port}/ready`)).status).toBe(200);
  }, 300_000);
});
