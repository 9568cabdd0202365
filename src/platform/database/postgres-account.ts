import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The account the embedded cluster runs as when Switchyard runs as root (PostgreSQL refuses root). */
export interface PostgresAccount {
  uid: number;
  gid: number;
}

const ACCOUNT = 'postgres';

async function lookup(): Promise<PostgresAccount | undefined> {
  try {
    const uid = Number((await run('id', ['-u', ACCOUNT])).stdout);
    const gid = Number((await run('id', ['-g', ACCOUNT])).stdout);
    return { uid, gid };
  } catch {
    return undefined;
  }
}

/** The `postgres` account, created (with its own group, no home) when the system has none. */
export async function ensurePostgresAccount(): Promise<PostgresAccount> {
  const found = await lookup();
  if (found) return found;
  try {
    await run('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', ACCOUNT]);
  } catch (error) {
    throw new EmbeddedPostgresProblem(
      `running as root, the embedded PostgreSQL needs a "${ACCOUNT}" account and useradd failed (${firstLine(error)}); ` +
        `create one (useradd --system --user-group ${ACCOUNT}) or set DATABASE_URL`,
    );
  }
  const created = await lookup();
  if (!created) throw new EmbeddedPostgresProblem(`useradd reported success but there is no "${ACCOUNT}" account`);
  return created;
}

/**
 * Whether `account` may use `path` the way `test` checks it (`-x` to run a file or enter a
 * directory, `-w` to write). Asked of the kernel as that account, so every parent directory, ACL
 * and mount option counts, exactly as it will when the cluster starts.
 */
export function accountCan(account: PostgresAccount, test: '-x' | '-w', path: string): boolean {
  const result = spawnSync('test', [test, path], { uid: account.uid, gid: account.gid, stdio: 'ignore' });
  return result.status === 0;
}

/** A start-up failure of the embedded cluster that the operator fixes: said in one line. */
export class EmbeddedPostgresProblem extends Error {
  override readonly name = 'EmbeddedPostgresProblem';
}

export const firstLine = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error)).trim().split('\n')[0] ?? '';
