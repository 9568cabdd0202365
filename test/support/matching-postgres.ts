import { execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from './free-port';
import { waitFor } from './switchyard';

/** The major version of a PostgreSQL client tool on PATH (`pg_dump (PostgreSQL) 15.20` → 15). */
export function clientMajor(tool = 'pg_dump'): number {
  const text = execFileSync(tool, ['--version'], { encoding: 'utf8' });
  return Number(/(\d+)(?:\.\d+)?/.exec(text)?.[1]);
}

export async function serverMajor(url: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ server_version_num: string }>('SHOW server_version_num');
    return Math.floor(Number(rows[0]!.server_version_num) / 10000);
  } finally {
    await client.end();
  }
}

export interface MatchingServer {
  /** A superuser URL, with `postgres` as the database. */
  url: string;
  why: string;
  stop(): Promise<void>;
}

/**
 * A PostgreSQL server pg_dump can dump: the test server (TEST_DATABASE_URL) when pg_dump is at
 * least its version, otherwise Debian's server of pg_dump's own version started in a temporary
 * directory (pg_dump refuses newer servers; on a VPS the backup runs pg_dump inside the database's
 * own container, so the two always match).
 */
export async function postgresForPgDump(): Promise<MatchingServer> {
  const testUrl = process.env.TEST_DATABASE_URL!;
  const dumpMajor = clientMajor();
  const testMajor = await serverMajor(testUrl);
  if (dumpMajor >= testMajor)
    return { url: testUrl, why: `the test server (${testMajor})`, stop: async () => undefined };
  const bin = `/usr/lib/postgresql/${dumpMajor}/bin`;
  if (!existsSync(join(bin, 'postgres'))) {
    throw new Error(
      `pg_dump ${dumpMajor} cannot dump the test server (PostgreSQL ${testMajor}) and Debian's postgresql-${dumpMajor} server is not installed: apt-get install postgresql-${dumpMajor}`,
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-pg-'));
  const root = process.getuid?.() === 0;
  const asPostgres = (command: string, args: string[]) =>
    root ? { command: 'runuser', args: ['-u', 'postgres', '--', command, ...args] } : { command, args };
  if (root) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
    chownSync(dir, uid, gid);
  }
  const init = asPostgres(join(bin, 'initdb'), [
    '-D',
    join(dir, 'data'),
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
  ]);
  execFileSync(init.command, init.args, { stdio: 'ignore' });
  const port = await freePort();
  const start = asPostgres(join(bin, 'postgres'), [
    '-D',
    join(dir, 'data'),
    '-p',
    String(port),
    '-k',
    dir,
    '-c',
    'listen_addresses=127.0.0.1',
  ]);
  const server = spawn(start.command, start.args, { stdio: 'ignore' });
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  await waitFor(
    async () => {
      const client = new Client({ connectionString: url });
      await client.connect();
      await client.end();
      return true;
    },
    `Debian's PostgreSQL ${dumpMajor} to start`,
    30_000,
  );
  return {
    url,
    why: `Debian's PostgreSQL ${dumpMajor}: pg_dump ${dumpMajor} cannot dump the test server (PostgreSQL ${testMajor})`,
    stop: async () => {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      const stop = asPostgres(join(bin, 'pg_ctl'), ['-D', join(dir, 'data'), 'stop', '-m', 'fast']);
      execFileSync(stop.command, stop.args, { stdio: 'ignore' });
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
