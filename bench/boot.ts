/**
 * npm run bench:boot — the built application (`node dist/main.js api,worker`, what `all` runs without
 * a bot token) on an existing, already migrated database: time from spawn until GET /ready answers
 * 200, the bootMs the "Switchyard ready" line reports, and the resident memory (VmRSS) after ~10 s idle.
 *
 * A first run migrates the fresh database and installs the pg-boss schema; it is not measured.
 * Environment: BENCH_DATABASE_URL, BENCH_BOOT_RUNS (3), BENCH_BOOT_IDLE_SECONDS (10).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createBenchDatabase } from './support/bench-database';
import { machineNote } from './support/machine';
import { fmt, median, sleep, table, writeResults } from './support/report';

const ROOT = join(__dirname, '..');
const RUNS = Number(process.env.BENCH_BOOT_RUNS ?? 3);
const IDLE_SECONDS = Number(process.env.BENCH_BOOT_IDLE_SECONDS ?? 10);
const READY_TIMEOUT_MS = 30_000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** VmRSS of a process, in MiB. */
function rssMiB(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`No VmRSS for ${pid}`);
  return Number(match[1]) / 1024;
}

interface Boot {
  readyMs: number;
  /** What the "Switchyard ready" log line says (startSwitchyard's own clock, after node and imports load). */
  reportedBootMs: number | undefined;
  rssAtReadyMiB: number;
  rssIdleMiB: number;
}

class Switchyard {
  readonly process: ChildProcess;
  output = '';
  readonly exited: Promise<number | null>;

  constructor(env: Record<string, string>) {
    this.process = spawn(process.execPath, [join(ROOT, 'dist', 'main.js'), 'api,worker'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const collect = (chunk: Buffer) => (this.output += chunk.toString('utf8'));
    this.process.stdout!.on('data', collect);
    this.process.stderr!.on('data', collect);
    this.exited = new Promise((resolve) => this.process.once('exit', (code) => resolve(code)));
  }

  /** Polls GET /ready every 10 ms until it answers 200. */
  async waitReady(url: string): Promise<void> {
    const deadline = performance.now() + READY_TIMEOUT_MS;
    while (performance.now() < deadline) {
      if (this.process.exitCode !== null) throw new Error(`Switchyard exited early:\n${this.output}`);
      const status = await fetch(`${url}/ready`).then(
        (res) => res.arrayBuffer().then(() => res.status),
        () => 0,
      );
      if (status === 200) return;
      await sleep(10);
    }
    throw new Error(`Not ready within ${READY_TIMEOUT_MS} ms:\n${this.output}`);
  }

  reportedBootMs(): number | undefined {
    for (const line of this.output.split('\n')) {
      if (!line.includes('Switchyard ready')) continue;
      try {
        return (JSON.parse(line) as { bootMs?: number }).bootMs;
      } catch {
        return undefined;
      }
    }
    return undefined;
  }

  async stop(): Promise<void> {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return;
    this.process.kill('SIGTERM');
    const code = await Promise.race([this.exited, sleep(20_000).then(() => 'timeout' as const)]);
    if (code === 'timeout') {
      this.process.kill('SIGKILL');
      throw new Error(`Switchyard did not stop within 20 s of SIGTERM:\n${this.output}`);
    }
  }
}

async function bootOnce(env: Record<string, string>, idleSeconds: number): Promise<Boot> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const app = new Switchyard({ ...env, PORT: String(port) });
  try {
    await app.waitReady(url);
    const readyMs = performance.now() - started;
    const rssAtReadyMiB = rssMiB(app.process.pid!);
    await sleep(idleSeconds * 1000);
    const rssIdleMiB = rssMiB(app.process.pid!);
    return { readyMs, reportedBootMs: app.reportedBootMs(), rssAtReadyMiB, rssIdleMiB };
  } finally {
    await app.stop();
  }
}

async function main() {
  if (!readFileSync(join(ROOT, 'dist', 'main.js'), 'utf8')) throw new Error('dist/main.js is empty: npm run build');
  console.log(
    `bench:boot: node dist/main.js api,worker on an already migrated database, ${RUNS} boots, ` +
      `RSS after ${IDLE_SECONDS} s idle; node ${process.version}`,
  );
  console.log(machineNote());
  const db = await createBenchDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-bench-boot-'));
  try {
    const env = {
      RUNTIME_ENV: 'production',
      DATABASE_URL: db.url,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      GITHUB_WEBHOOK_SECRET: 'bench-github-webhook-secret',
      SECRETS_KEY: 'bench-secrets-key-0123456789-abcdefghij',
      API_SHARED_SECRET: 'bench-api-shared-secret-0123456789',
      DATA_DIR: dataDir,
      // No MinIO here: the bucket check at start fails in the background, as with MinIO down.
      MINIO_ENDPOINT: 'http://127.0.0.1:9',
      MINIO_ROOT_PASSWORD: 'bench-minio-not-running',
    };
    const first = await bootOnce(env, 0);
    console.log(`first boot (migrations + pg-boss schema, not counted): ready after ${fmt(first.readyMs)} ms`);

    const boots: Boot[] = [];
    for (let i = 0; i < RUNS; i++) boots.push(await bootOnce(env, IDLE_SECONDS));

    const rows = boots.map((b, i) => [
      `boot ${i + 1}`,
      fmt(b.readyMs),
      b.reportedBootMs === undefined ? '?' : fmt(b.reportedBootMs),
      fmt(b.rssAtReadyMiB, 1),
      fmt(b.rssIdleMiB, 1),
    ]);
    const summary = {
      readyMs: median(boots.map((b) => b.readyMs)),
      reportedBootMs: median(boots.map((b) => b.reportedBootMs ?? NaN)),
      rssAtReadyMiB: median(boots.map((b) => b.rssAtReadyMiB)),
      rssIdleMiB: median(boots.map((b) => b.rssIdleMiB)),
    };
    console.log('');
    console.log(
      table([
        [
          'run',
          'spawn → /ready 200 (ms)',
          'bootMs (log)',
          'RSS at ready (MiB)',
          `RSS after ${IDLE_SECONDS} s idle (MiB)`,
        ],
        ...rows,
        [
          'median',
          fmt(summary.readyMs),
          fmt(summary.reportedBootMs),
          fmt(summary.rssAtReadyMiB, 1),
          fmt(summary.rssIdleMiB, 1),
        ],
      ]),
    );
    console.log('');
    console.log(machineNote());
    const file = writeResults('boot', {
      at: new Date().toISOString(),
      node: process.version,
      command: 'node dist/main.js api,worker',
      idleSeconds: IDLE_SECONDS,
      firstBootMs: first.readyMs,
      boots,
      median: summary,
    });
    console.log(`results: ${file}`);
  } finally {
    await db.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
