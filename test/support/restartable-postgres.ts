import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Child, ROOT, spawnChild } from './child-process';
import { freePort } from './free-port';

/**
 * A PostgreSQL server of its own (its own data directory and port) that a test can stop and start
 * again, to see the app lose its database and recover.
 */
export class RestartablePostgres {
  private child?: Child;
  private dataDir = '';
  private port = 0;
  /** The connection URL, once started. */
  url = '';

  /** `settings`: server settings over the defaults, e.g. `{ max_connections: 600 }`. */
  constructor(private readonly settings: Record<string, string | number> = {}) {}

  async start(): Promise<string> {
    if (!this.dataDir) {
      this.dataDir = mkdtempSync(join(tmpdir(), 'switchyard-pg-'));
      this.port = await freePort();
    }
    this.child = spawnChild(process.execPath, [
      '-r',
      '@swc-node/register',
      join(ROOT, 'test/support/fixtures/postgres-process.ts'),
      this.dataDir,
      String(this.port),
      ...Object.entries(this.settings).map(([name, value]) => `${name}=${value}`),
    ]);
    const [, url] = await this.child.waitForOutput(/^ready (\S+)$/m, 30_000);
    this.url = url!;
    return this.url;
  }

  async stop(): Promise<void> {
    this.child?.process.kill('SIGTERM');
    await this.child?.exited;
  }

  /** Stops it and deletes its data. */
  async remove(): Promise<void> {
    await this.stop();
    if (this.dataDir) rmSync(this.dataDir, { recursive: true, force: true });
  }
}
