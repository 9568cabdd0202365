import { randomBytes } from 'node:crypto';
import {
  copyFileSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  truncateSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client as MinioClient } from 'minio';
import { Client } from 'pg';
import { FakeS3 } from './support/fake-s3';
import { postGithub, pullRequestPayload } from './support/github';
import { postgresForPgDump, MatchingServer } from './support/matching-postgres';
import { ANSIBLE_DIR, sh, tool } from './support/ops-tools';
import { postJson, startTestApp, waitFor } from './support/switchyard';

const SCRIPT = join(ANSIBLE_DIR, 'files', 'switchyard-backup.sh');
const TABLES = ['webhook_sources', 'webhook_events', 'rules', 'audit_events', 'schema_migrations'];

describe("backup.yml's dump and restore check, against PostgreSQL", () => {
  let server: MatchingServer;
  let database: string;
  let backupDir: string;
  let env: Record<string, string>;
  let counts: Record<string, number>;

  const query = async <T>(db: string, sql: string): Promise<T[]> => {
    const url = new URL(server.url);
    url.pathname = `/${db}`;
    const client = new Client({ connectionString: url.toString() });
    await client.connect();
    try {
      return (await client.query(sql)).rows as T[];
    } finally {
      await client.end();
    }
  };
  const countRows = async (db: string) =>
    Object.fromEntries(
      await Promise.all(
        TABLES.map(async (t) => [t, Number((await query<{ n: string }>(db, `SELECT count(*) AS n FROM ${t}`))[0]!.n)]),
      ),
    ) as Record<string, number>;
  const backup = (args: string[]) => sh('bash', [SCRIPT, ...args], { env });

  beforeAll(async () => {
    server = await postgresForPgDump();
    // Said loudly: which server the dump runs against, and why.
    console.log(`Backup test database server: ${server.why}`);
    database = `switchyard_backup_${randomBytes(4).toString('hex')}`;
    await query('postgres', `CREATE DATABASE ${database}`);
    const url = new URL(server.url);
    url.pathname = `/${database}`;
    // A real Switchyard fills it: migrations, the seeded github source, a rule, a routed delivery, audit events.
    const app = await startTestApp({ databaseUrl: url.toString() });
    try {
      expect((await postJson(app, '/rules', { text: 'when github.pull_request.* then log' })).status).toBe(201);
      const { eventId } = (await (await postGithub(app.url, pullRequestPayload(3))).json()) as { eventId: string };
      await waitFor(
        async () =>
          ((await (await app.api(`/webhooks/events/${eventId}`)).json()) as { routingStatus: string }).routingStatus ===
          'routed',
        'the delivery to be routed',
      );
    } finally {
      await app.stop();
    }
    counts = await countRows(database);
    backupDir = mkdtempSync(join(tmpdir(), 'switchyard-backups-'));
    env = {
      BACKUP_DIR: backupDir,
      BACKUP_RETENTION_DAYS: '14',
      DATABASE: database,
      PGHOST: url.hostname,
      PGPORT: url.port,
      PGUSER: decodeURIComponent(url.username) || 'postgres',
      PGPASSWORD: decodeURIComponent(url.password),
    };
  }, 120_000);

  afterAll(async () => {
    if (server) {
      await query('postgres', `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => undefined);
      await server.stop();
    }
  });

  it('dumps the database and prunes dumps older than the retention', async () => {
    expect(counts.webhook_events).toBeGreaterThan(0);
    expect(counts.rules).toBe(1);
    const old = join(backupDir, 'switchyard-20200101T031500Z.dump');
    writeFileSync(old, 'an old dump');
    const monthAgo = new Date(Date.now() - 30 * 86_400_000);
    utimesSync(old, monthAgo, monthAgo);

    const { stdout } = await backup(['dump']);
    expect(stdout).toMatch(/dumped switchyard_backup_\w+ to .*switchyard-\d{8}T\d{6}Z\.dump \(\d+ bytes\)/);
    expect(stdout).toContain(`pruned (older than 14 days): ${old}`);
    const dumps = readdirSync(backupDir);
    expect(dumps).toHaveLength(1);
    expect(dumps[0]).toMatch(/^switchyard-\d{8}T\d{6}Z\.dump$/);
  });

  it('restores the newest dump into a scratch database and counts its rows, then drops it', async () => {
    const { stdout } = await backup(['restore-check']);
    for (const table of TABLES) expect(stdout).toContain(`restore check: ${table} has ${counts[table]} rows`);
    expect(stdout).toMatch(/restore check passed: switchyard-\d{8}T\d{6}Z\.dump restored into \w+_restore_check/);
    const scratch = await query<{ datname: string }>(
      'postgres',
      `SELECT datname FROM pg_database WHERE datname = '${database}_restore_check'`,
    );
    expect(scratch).toEqual([]);
  });

  it('restores a dump into an empty database with every row', async () => {
    const [dump] = readdirSync(backupDir);
    const target = `${database}_restored`;
    await query('postgres', `CREATE DATABASE ${target}`);
    try {
      await sh('bash', [SCRIPT, 'restore', join(backupDir, dump!)], { env: { ...env, DATABASE: target } });
      expect(await countRows(target)).toEqual(counts);
    } finally {
      await query('postgres', `DROP DATABASE IF EXISTS ${target} WITH (FORCE)`);
    }
  });

  it('fails the restore check loudly when the newest dump is damaged', async () => {
    const [dump] = readdirSync(backupDir);
    const damaged = join(backupDir, 'switchyard-29990101T000000Z.dump');
    copyFileSync(join(backupDir, dump!), damaged);
    truncateSync(damaged, 200);
    await expect(backup(['restore-check'])).rejects.toThrow(
      /restore check FAILED: switchyard-29990101T000000Z\.dump could not be restored/,
    );
  });

  describe('off-box copies, to an S3 server that checks signatures', () => {
    let s3: FakeS3;
    let bucket: MinioClient;
    let offboxDir: string;
    const s3Env = (secret: string) => ({
      ...env,
      BACKUP_DIR: offboxDir,
      BACKUP_S3_ENDPOINT: s3.endpoint,
      BACKUP_S3_BUCKET: 'switchyard-backups',
      BACKUP_S3_ACCESS_KEY: s3.accessKey,
      BACKUP_S3_SECRET_KEY: secret,
    });
    const readObject = async (name: string) => {
      const chunks: Buffer[] = [];
      for await (const chunk of await bucket.getObject('switchyard-backups', name)) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    };

    beforeAll(async () => {
      tool('curl');
      s3 = await new FakeS3().start();
      const { hostname, port } = new URL(s3.endpoint);
      bucket = new MinioClient({
        endPoint: hostname,
        port: Number(port),
        useSSL: false,
        accessKey: s3.accessKey,
        secretKey: s3.secretKey,
      });
      await bucket.makeBucket('switchyard-backups');
      offboxDir = mkdtempSync(join(tmpdir(), 'switchyard-offbox-'));
    });
    afterAll(async () => {
      await s3?.stop();
      if (offboxDir) rmSync(offboxDir, { recursive: true, force: true });
    });

    it('uploads each new dump to the bucket, byte for byte, without printing the secret', async () => {
      const { stdout, stderr } = await sh('bash', [SCRIPT, 'dump'], { env: s3Env(s3.secretKey) });
      const [dump] = readdirSync(offboxDir);
      expect(stdout).toContain(`copied ${dump} to ${s3.endpoint}/switchyard-backups`);
      expect(`${stdout}${stderr}`).not.toContain(s3.secretKey);
      expect((await readObject(dump!)).equals(readFileSync(join(offboxDir, dump!)))).toBe(true);
    });

    it('fetches an off-box dump back onto a machine that lost its own, and it restores', async () => {
      const [dump] = readdirSync(offboxDir);
      const original = readFileSync(join(offboxDir, dump!));
      rmSync(join(offboxDir, dump!));
      const { stdout } = await sh('bash', [SCRIPT, 'fetch', dump!], { env: s3Env(s3.secretKey) });
      expect(stdout).toContain(`fetched ${dump} into ${offboxDir}`);
      expect(readFileSync(join(offboxDir, dump!)).equals(original)).toBe(true);
      const check = await sh('bash', [SCRIPT, 'restore-check'], { env: s3Env(s3.secretKey) });
      expect(check.stdout).toMatch(/restore check passed/);
    });

    it('fails the backup loudly when S3 refuses the upload, keeping the local dump', async () => {
      // Nothing else in the directory: the refused backup's own dump is the one left.
      for (const file of readdirSync(offboxDir)) rmSync(join(offboxDir, file));
      const refused = sh('bash', [SCRIPT, 'dump'], { env: s3Env('not-the-secret-key') });
      await expect(refused).rejects.toThrow(
        /off-box PUT of switchyard-\d{8}T\d{6}Z\.dump FAILED: .*SignatureDoesNotMatch/s,
      );
      await expect(refused).rejects.not.toThrow(/not-the-secret-key/);
      expect(readdirSync(offboxDir).filter((f) => f.endsWith('.dump'))).toHaveLength(1);
    });
  });
});
