import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../../test/support/child-process';
import { sleep } from '../../bench/support/report';

const TAIL_LINES = 200;

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  at: number;
  /** The last lines it printed, for the report. */
  tail: string;
}

/**
 * One `node dist/main.js <roles>` process, as operators run it, that a scenario can kill -9 and
 * start again on the same port. It remembers every start, and every exit the harness did not
 * cause (a crash is a finding), and keeps only the last lines of its output (a loaded process
 * logs a lot).
 */
export class SwitchyardProcess {
  private child?: ChildProcess;
  private lines: string[] = [];
  private partial = '';
  private expectingExit = false;
  private exited?: Promise<void>;
  private readonly watchers: { pattern: RegExp; count: number }[] = [];
  /** When each start began. */
  readonly starts: number[] = [];
  /** Exits the harness did not ask for. */
  readonly crashes: Exit[] = [];

  constructor(
    readonly name: string,
    readonly roles: string,
    /** PORT for the api, HEALTH_PORT for the others: /health answers there. */
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child?.exitCode === null && this.child.signalCode === null ? this.child.pid : undefined;
  }

  get running(): boolean {
    return this.pid !== undefined;
  }

  /** Counts the output lines matching `pattern` from now on. */
  watch(pattern: RegExp): { readonly count: number } {
    const watcher = { pattern, count: 0 };
    this.watchers.push(watcher);
    return watcher;
  }

  tail(lines = 30): string {
    return this.lines.slice(-lines).join('\n');
  }

  /** Spawns it and resolves once /health answers 200. */
  async start(timeoutMs = 90_000): Promise<void> {
    if (this.running) throw new Error(`${this.name} is already running`);
    this.expectingExit = false;
    this.starts.push(Date.now());
    const portVariable = this.roles.split(',').includes('api') ? 'PORT' : 'HEALTH_PORT';
    const child = spawn(process.execPath, [join(ROOT, 'dist', 'main.js'), this.roles], {
      cwd: ROOT,
      env: { ...process.env, ROLES: undefined, ...this.env, [portVariable]: String(this.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout.on('data', (chunk: Buffer) => this.collect(chunk));
    child.stderr.on('data', (chunk: Buffer) => this.collect(chunk));
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        if (!this.expectingExit) this.crashes.push({ code, signal, at: Date.now(), tail: this.tail() });
        resolve();
      }),
    );
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.running) throw new Error(`${this.name} exited during start:\n${this.tail()}`);
      if (await this.healthy()) return;
      await sleep(100);
    }
    throw new Error(`${this.name} did not answer /health within ${timeoutMs} ms:\n${this.tail()}`);
  }

  async healthy(): Promise<boolean> {
    try {
      const res = await fetch(`${this.url}/health`, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      return res.status === 200;
    } catch {
      return false;
    }
  }

  /** GET /ready: 200 once its database, queue and worker checks pass. */
  async ready(): Promise<boolean> {
    try {
      const res = await fetch(`${this.url}/ready`, { signal: AbortSignal.timeout(3000) });
      await res.arrayBuffer();
      return res.status === 200;
    } catch {
      return false;
    }
  }

  /** SIGSTOP: it stops reading its sockets; statements it already sent still commit. */
  freeze(): void {
    if (this.running) this.child!.kill('SIGSTOP');
  }

  /** kill -9: no shutdown hook runs, sockets are cut by the kernel. */
  async kill9(): Promise<void> {
    if (!this.running) return;
    this.expectingExit = true;
    this.child!.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM and wait (SIGKILL after `graceMs`). */
  async stop(graceMs = 30_000): Promise<void> {
    if (!this.running) return;
    this.expectingExit = true;
    this.child!.kill('SIGTERM');
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  private collect(chunk: Buffer): void {
    const text = this.partial + chunk.toString('utf8');
    const lines = text.split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) {
      for (const watcher of this.watchers) if (watcher.pattern.test(line)) watcher.count++;
      this.lines.push(line.length > 2000 ? `${line.slice(0, 2000)}…` : line);
    }
    if (this.lines.length > TAIL_LINES * 2) this.lines = this.lines.slice(-TAIL_LINES);
  }
}
