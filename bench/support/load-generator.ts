import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';

/** One request built (and signed) before its phase starts; the child sends each one once, in order. */
export interface PrebuiltRequest {
  /** What the request counts under in `byTag`, e.g. its provider. */
  tag: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  /** Events the request carries (elements of a batch body), so the answer must report as many. */
  events: number;
}

interface PhaseBase {
  label: string;
  /** Only 127.0.0.1 URLs are accepted; prebuilt requests use only its host and port. */
  url: string;
  connections: number;
  /** A fixed number of requests, so every one of them is answered and counted before the phase ends. */
  amount: number;
  /**
   * Read every 2xx answer's body for the events it reports stored (`eventId`, `eventIds`, or
   * `events[].eventId`; not duplicates): Switchyard's answers, not the bare route's.
   */
  readAnswers: boolean;
}

/** The same body and headers every time; optionally a fresh X-GitHub-Delivery for each request. */
export interface RepeatedPhase extends PhaseBase {
  headers: Record<string, string>;
  body: string;
  /** Give every request its own X-GitHub-Delivery (a random UUID). */
  uniqueDeliveryIds: boolean;
  tag: string;
}

/**
 * Requests built beforehand, each sent once (`amount` = their number) or, with `cycle`, over again
 * (for a target that does not deduplicate, such as the bare route).
 */
export interface PrebuiltPhase extends PhaseBase {
  requests: PrebuiltRequest[];
  cycle: boolean;
}

export type LoadPhase = RepeatedPhase | PrebuiltPhase;

export interface Latency {
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** The answers of one tag's requests within a phase. */
export interface TagResult {
  answered: number;
  ok: number;
  statusCodes: Record<string, number>;
  /** Events the 2xx answers report as newly stored, and their ids. */
  events: number;
  eventIds: string[];
  /** Events the 2xx-answered requests carried: must equal `events`. */
  eventsSent: number;
  /** 2xx answers whose event count differs from the request's, or whose body could not be read. */
  mismatchedAnswers: number;
  duplicates: number;
  okPerSecond: number;
  eventsPerSecond: number;
  latencyMs: Latency;
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
  /** Events reported by the 2xx answers (0 unless the phase reads answers). */
  events: number;
  eventsPerSecond: number;
  /** Per-request latency (sub-millisecond resolution, from every response). */
  latencyMs: Latency;
  /** Per tag (provider), when the phase reads answers. */
  byTag: Record<string, TagResult>;
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
      // Structured clone: tens of thousands of prebuilt requests travel faster than as one JSON text.
      serialization: 'advanced',
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
