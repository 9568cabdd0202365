import { connect } from 'node:net';

/** One HTTP/1.1 request as bytes on the wire: headers in order, repeats and all. */
export interface WireRequest {
  method: string;
  /** Path and query exactly as sent (not re-encoded). */
  path: string;
  headers: [string, string][];
  body: Buffer;
  /** How the body's length is told: `content-length` (default), `chunked`, or `none`. */
  framing?: 'content-length' | 'chunked' | 'none';
}

export interface WireAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Sends one request on its own connection (`Connection: close`) and reads the answer, or
 * undefined when the server closed without one or did not answer within `timeoutMs`. Raw bytes
 * rather than an HTTP client, so repeated and malformed headers reach the server as written.
 */
export function sendRaw(baseUrl: string, request: WireRequest, timeoutMs = 15_000): Promise<WireAnswer | undefined> {
  const url = new URL(baseUrl);
  const framing = request.framing ?? 'content-length';
  const head = [`${request.method} ${request.path} HTTP/1.1`, `host: ${url.host}`, 'connection: close'];
  for (const [name, value] of request.headers) head.push(`${name}: ${value}`);
  if (framing === 'content-length') head.push(`content-length: ${request.body.length}`);
  if (framing === 'chunked') head.push('transfer-encoding: chunked');
  const body =
    framing === 'chunked'
      ? Buffer.concat([
          Buffer.from(`${request.body.length.toString(16)}\r\n`),
          request.body,
          Buffer.from('\r\n0\r\n\r\n'),
        ])
      : request.body;
  const bytes = Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'latin1'), body]);

  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = connect({ host: url.hostname, port: Number(url.port) });
    const done = (answer: WireAnswer | undefined) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(() => done(parseAnswer(Buffer.concat(chunks))), timeoutMs);
    socket.on('connect', () => socket.write(bytes));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => done(parseAnswer(Buffer.concat(chunks))));
    socket.on('close', () => done(parseAnswer(Buffer.concat(chunks))));
  });
}

function parseAnswer(raw: Buffer): WireAnswer | undefined {
  const end = raw.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [statusLine, ...lines] = raw.subarray(0, end).toString('latin1').split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '')?.[1]);
  if (!status) return undefined;
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = raw.subarray(end + 4);
  if (headers['transfer-encoding'] === 'chunked') body = dechunk(body);
  return { status, headers, body: body.toString('utf8') };
}

function dechunk(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = data.indexOf('\r\n', at);
    if (lineEnd < 0) break;
    const size = parseInt(data.subarray(at, lineEnd).toString('latin1'), 16);
    if (!size) break;
    parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}
