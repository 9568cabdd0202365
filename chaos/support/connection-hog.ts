import { Client } from 'pg';
import { sleep } from '../../bench/support/report';

/**
 * Someone else's idle connections: opens connections to the server until it refuses more (too
 * many clients), and keeps taking every slot that frees up until released.
 */
export class ConnectionHog {
  private readonly held: Client[] = [];
  private running = false;
  private loop?: Promise<void>;
  /** The most held at once. */
  peak = 0;
  /** The server's refusal, once seen. */
  refusal?: string;

  constructor(
    private readonly url: string,
    private readonly parallel = 16,
  ) {}

  get holding(): number {
    return this.held.length;
  }

  /** Fills every free slot (resolves once the server refuses), then keeps them full. */
  async start(): Promise<void> {
    this.running = true;
    await this.fill();
    this.loop = this.keepFull();
  }

  /** Takes whatever slots are free right now (after someone's connections were cut). */
  refill(): Promise<void> {
    return this.fill();
  }

  async release(): Promise<void> {
    this.running = false;
    await this.loop;
    await Promise.all(this.held.splice(0).map((client) => client.end().catch(() => undefined)));
  }

  private async keepFull(): Promise<void> {
    while (this.running) {
      await this.fill();
      await sleep(100);
    }
  }

  /** Opens connections, `parallel` at a time, until one is refused. */
  private async fill(): Promise<void> {
    let refused = false;
    while (!refused && this.running) {
      const opened = await Promise.all(
        Array.from({ length: this.parallel }, async () => {
          const client = new Client({ connectionString: this.url, application_name: 'chaos-hog' });
          client.on('error', () => undefined);
          try {
            await client.connect();
            return client;
          } catch (error) {
            refused = true;
            this.refusal = (error as Error).message;
            return undefined;
          }
        }),
      );
      for (const client of opened) if (client) this.held.push(client);
      this.peak = Math.max(this.peak, this.held.length);
    }
  }
}
