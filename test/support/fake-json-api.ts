import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Item = Record<string, unknown> & { id?: unknown };

/**
 * A loopback JSON API for the generic poller, no kinder than a real one: it wants its bearer token
 * (401 otherwise), pages three ways, and can be told to misbehave (garbage, 429 with Retry-After,
 * a repeating page, a looping cursor, a short listing, revoked credentials).
 *
 * - `GET /pages?page=<1..>&per_page=<n>` → `{data: [...], meta: {pagination: {page, pages}}}`
 * - `GET /cursor?cursor=<c>&limit=<n>` → `{items: [...], next_cursor: <c> | null}`
 * - `GET /next?offset=<o>` → `{results: [...], next: "/next?offset=…" | null}` (relative links)
 */
export class FakeJsonApi {
  private server!: Server;
  private readonly items = new Map<string, Item>();
  url = '';
  token = 'fake-api-token';
  perPage = 50;
  requests = 0;
  /** Answers 200 with an HTML page this many times. */
  garbage = 0;
  /** Answers 429 with this Retry-After (seconds) `rateLimited` times. */
  rateLimited = 0;
  retryAfterSeconds = 1;
  /** From this page number on, /pages answers the page before it again (an API ignoring `page`). */
  repeatFromPage: number | null = null;
  /** /cursor's cursors stop advancing after the first page (the same cursor again and again). */
  loopCursor = false;
  /** Lists only the first N items, as if the rest were gone (an API hiccup). */
  shortListing: number | null = null;
  /** Each answer waits this long (a slow API, so runs take time). */
  delayMs = 0;
  /** Requests in flight now and at most, by their `src` query parameter (which source asks). */
  readonly inFlight = new Map<string, number>();
  readonly maxInFlight = new Map<string, number>();
  /** Items listed after the others whatever they are (an item without an id, a huge one). */
  extra: Item[] = [];

  async start(): Promise<this> {
    this.server = createServer((req, res) => this.answer(req, res));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  set(item: Item): void {
    this.items.set(String(item.id), item);
  }

  remove(id: string | number): void {
    this.items.delete(String(id));
  }

  get size(): number {
    return this.items.size;
  }

  private listing(): Item[] {
    const all = [...this.items.values(), ...this.extra];
    return this.shortListing === null ? all : all.slice(0, this.shortListing);
  }

  private answer(req: IncomingMessage, res: ServerResponse): void {
    this.requests++;
    const src = new URL(req.url ?? '/', this.url).searchParams.get('src') ?? '';
    const now = (this.inFlight.get(src) ?? 0) + 1;
    this.inFlight.set(src, now);
    this.maxInFlight.set(src, Math.max(now, this.maxInFlight.get(src) ?? 0));
    res.on('close', () => this.inFlight.set(src, (this.inFlight.get(src) ?? 1) - 1));
    if (this.delayMs > 0) setTimeout(() => this.respond(req, res), this.delayMs);
    else this.respond(req, res);
  }

  private respond(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', this.url);
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${this.token}`) return json(401, { error: 'invalid token' });
    if (this.rateLimited > 0) {
      this.rateLimited--;
      return json(429, { error: 'slow down' }, { 'retry-after': String(this.retryAfterSeconds) });
    }
    if (this.garbage > 0) {
      this.garbage--;
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><body>Service temporarily unavailable</body></html>');
      return;
    }
    const all = this.listing();
    const limit = Number(url.searchParams.get('per_page') ?? url.searchParams.get('limit') ?? this.perPage);
    if (url.pathname === '/pages') {
      let page = Number(url.searchParams.get('page') ?? 1);
      if (this.repeatFromPage !== null && page >= this.repeatFromPage) page = this.repeatFromPage - 1;
      const pages = Math.max(1, Math.ceil(all.length / limit));
      return json(200, {
        data: all.slice((page - 1) * limit, page * limit),
        meta: { pagination: { page, pages, count: all.length } },
      });
    }
    if (url.pathname === '/cursor') {
      const offset = Number(Buffer.from(url.searchParams.get('cursor') ?? 'MA', 'base64url').toString() || 0);
      const nextOffset = offset + limit;
      const next = nextOffset < all.length ? (this.loopCursor && offset > 0 ? offset : nextOffset) : null;
      return json(200, {
        items: all.slice(offset, nextOffset),
        next_cursor: next === null ? null : Buffer.from(String(next)).toString('base64url'),
      });
    }
    if (url.pathname === '/next') {
      const offset = Number(url.searchParams.get('offset') ?? 0);
      const nextOffset = offset + limit;
      return json(200, {
        results: all.slice(offset, nextOffset),
        next: nextOffset < all.length ? `/next?offset=${nextOffset}` : null,
      });
    }
    return json(404, { error: 'not found' });
  }
}
