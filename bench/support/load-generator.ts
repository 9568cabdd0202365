import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';

export interface LoadPhase {
  label: string;
  /** Only 127.0.0.1 URLs are accepted. */
  url: string;
  connections: number;
  /** A fixed number of requests, so every one of them is answered and counted before the phase ends. */
  amount: number;
  headers: Record<string, string>;
  body: string;
  /** Give every request its own X-GitHub-Delivery (a random UUID). */
  uniqueDeliveryIds: boolean;
}

export interface LoadResult {
  label: string;
  connections: number;
  requested: number;
  sent: number;
  /** Responses seen by the 'response' event. */
  answered: number;
  /** 2xx responses counted from the 'response' event ... */
  ok: number;
  /** ... and by autocannon's own counter; the two must agree. */
  autocannon2xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  seconds: number;
  okPerSecond: number;
  /** Per-request latency (sub-millisecond resolution, from every response). */
  latencyMs: { p50: number; p90: number; p99: number; max: number };
}

/**
 * autocannon in a child process (bench/support/load-child.ts), reused for every phase so its JIT is
 * warm. The server under test keeps its event loop to itself; on this 2-core machine the child,
 * the server and PostgreSQL still share the CPUs, the same way for every target measured.
 */
export class LoadGenerator {
  private readonly child: ChildProcess;
  private next = 0;
  private readonly waiting = new Map<number, { resolve(r: LoadResult): void; reject(e: Error): void }>();

  constructor() {
    this.child = fork(join(__dirname, 'load-child.ts'), [], {
      execArgv: ['-r', '@swc-node/register'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child.on('message', (message: { id: number; result?: LoadResult; error?: string }) => {
      const waiter = this.waiting.get(message.id);
      this.waiting.delete(message.id);
      if (message.result) waiter?.resolve(message.result);
      else waiter?.reject(new Error(message.error ?? 'load child failed'));
    });
    this.child.on('exit', (code) => {
      for (const waiter of this.waiting.values()) waiter.reject(new Error(`load child exited with ${code}`));
      this.waiting.clear();
    });
  }

  run(phase: LoadPhase): Promise<LoadResult> {
    if (new URL(phase.url).hostname !== '127.0.0.1') throw new Error(`Refusing to load ${phase.url}: 127.0.0.1 only`);
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.child.send({ id, phase });
    });
  }

  close(): void {
    if (this.child.connected) this.child.disconnect();
  }
}
