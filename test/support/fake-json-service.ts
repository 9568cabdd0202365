import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';

/** A scripted answer for the next request (before authentication), or a dropped connection. */
export type Scripted = { status: number; body?: unknown; headers?: Record<string, string> } | 'drop';

export interface RecordedRequest {
  method: string;
  /** Path without the query. */
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  /** Parsed JSON body (a form body as an object of its fields), undefined when there was none. */
  body: unknown;
}

/** What a fake's route handler returns. */
export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export class JsonBodyError extends Error {}

/**
 * The plumbing the loopback service fakes share: a server on 127.0.0.1, every request recorded,
 * scripted answers first (429 with Retry-After, 5xx, dropped connections), JSON bodies parsed
 * strictly (a body that is not JSON is the fake's `badJson` answer), at most 1 MiB read.
 */
export abstract class FakeJsonService {
  readonly requests: RecordedRequest[] = [];
  private readonly script: Scripted[] = [];
  private server?: Server;
  /** How long the fake thinks before answering (not scripted answers): makes requests overlap. */
  latencyMs = 0;
  origin = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** Answers for the next requests, in order, whatever they ask. */
  next(...answers: Scripted[]): void {
    this.script.push(...answers);
  }

  /** Requests to paths matching `pattern` (method optional: `PUT /tasks/1/complete`). */
  requestsTo(pattern: RegExp, method?: string): RecordedRequest[] {
    return this.requests.filter((r) => pattern.test(r.path) && (!method || r.method === method));
  }

  protected abstract route(request: RecordedRequest): Reply | Promise<Reply>;
  protected abstract badJson(): Reply;

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > 1024 * 1024) return this.send(res, { status: 413, body: { message: 'Request entity too large' } });
      chunks.push(chunk as Buffer);
    }
    const url = new URL(req.url ?? '/', this.origin);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    let unreadable = false;
    if (text !== '' && /^application\/x-www-form-urlencoded/.test(req.headers['content-type'] ?? '')) {
      body = Object.fromEntries(new URLSearchParams(text));
    } else if (text !== '') {
      try {
        body = JSON.parse(text) as unknown;
      } catch {
        unreadable = true;
      }
    }
    const request = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body,
    };
    this.requests.push(request);
    const scripted = this.script.shift();
    if (scripted === 'drop') {
      req.socket.destroy();
      return;
    }
    if (scripted) return this.send(res, scripted);
    if (unreadable) return this.send(res, this.badJson());
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    this.send(res, await this.route(request));
  }

  private send(res: ServerResponse, { status, body, headers = {} }: Reply): void {
    if (body === undefined) {
      res.writeHead(status, headers);
      res.end();
      return;
    }
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    const type = typeof body === 'string' ? 'text/plain;charset=UTF-8' : 'application/json;charset=UTF-8';
    res.writeHead(status, { 'content-type': type, ...headers });
    res.end(text);
  }
}
