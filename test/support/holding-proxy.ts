import { createServer, Server, Socket, connect } from 'node:net';

interface Pair {
  client: Socket;
  server: Socket;
  held: Buffer[];
  serverEnded: boolean;
}

/**
 * A loopback TCP proxy in front of PostgreSQL that can hold what the server sends and hand it over
 * later in one piece. A test uses it to make the client read a statement's result and the
 * connection's end in the same read, as happens when a server goes away right after answering:
 * a moment too short to hit otherwise.
 */
export class HoldingProxy {
  private server?: Server;
  private readonly pairs = new Set<Pair>();
  private holding = false;
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  /** `url` (a postgres:// URL of the target) pointed at the proxy instead. */
  urlFor(url: string): string {
    const proxied = new URL(url);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(this.port);
    return proxied.toString();
  }

  async start(): Promise<this> {
    this.server = createServer((client) => this.pair(client));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
    return this;
  }

  /** From now on, what the server sends waits in the proxy. */
  hold(): void {
    this.holding = true;
  }

  /** Resolves once a held connection has been closed by the server. */
  async serverClosedOne(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (![...this.pairs].some((p) => p.serverEnded)) {
      if (Date.now() > deadline) throw new Error('No held connection was closed by the server');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Hands each connection what was held, in one write, then its end if the server closed it. */
  release(): void {
    this.holding = false;
    for (const pair of this.pairs) {
      if (pair.held.length > 0) pair.client.write(Buffer.concat(pair.held.splice(0)));
      if (pair.serverEnded) pair.client.end();
    }
  }

  async stop(): Promise<void> {
    for (const pair of this.pairs) {
      pair.client.destroy();
      pair.server.destroy();
    }
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private pair(client: Socket): void {
    const server = connect(this.target.port, this.target.host);
    const pair: Pair = { client, server, held: [], serverEnded: false };
    this.pairs.add(pair);
    client.on('data', (chunk: Buffer) => server.write(chunk));
    client.on('end', () => server.end());
    server.on('data', (chunk: Buffer) => (this.holding ? pair.held.push(chunk) : client.write(chunk)));
    server.on('end', () => {
      pair.serverEnded = true;
      if (!this.holding) client.end();
    });
    const forget = () => {
      client.destroy();
      server.destroy();
      this.pairs.delete(pair);
    };
    client.on('error', forget);
    server.on('error', forget);
    client.on('close', () => this.pairs.delete(pair));
  }
}
