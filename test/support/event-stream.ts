import { waitFor } from './switchyard';

export interface StreamedEvent {
  event: string;
  data: string;
  at: number;
}

export interface EventStreamReader {
  status: number;
  headers: Headers;
  /** Every event received so far, in order. */
  events: StreamedEvent[];
  /** Comment lines (`: heartbeat`) and fields other than event/data (`retry: 2000`), as received. */
  lines: string[];
  /** Resolves once the server ended the stream. */
  ended: Promise<void>;
  /** Waits for the next event named `name` after the ones already seen (or after `from`). */
  next(name: string, from?: number, timeoutMs?: number): Promise<StreamedEvent>;
  close(): void;
}

/** Opens a Server-Sent Events stream the way a browser's EventSource does, and parses what arrives. */
export async function openEventStream(url: string, headers: Record<string, string> = {}): Promise<EventStreamReader> {
  const abort = new AbortController();
  const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
  const events: StreamedEvent[] = [];
  const lines: string[] = [];
  const ended = (async () => {
    if (!res.body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    let event = { event: 'message', data: '' };
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let newline: number;
        while ((newline = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, newline);
          buffer = buffer.slice(newline + 1);
          if (line === '') {
            if (event.data !== '' || event.event !== 'message') events.push({ ...event, at: Date.now() });
            event = { event: 'message', data: '' };
          } else if (line.startsWith('event: ')) event.event = line.slice(7);
          else if (line.startsWith('data: ')) event.data = line.slice(6);
          else lines.push(line);
        }
      }
    } catch {
      // aborted by close()
    }
  })();
  return {
    status: res.status,
    headers: res.headers,
    events,
    lines,
    ended,
    next: (name, from = events.length, timeoutMs = 10_000) =>
      waitFor(async () => events.slice(from).find((e) => e.event === name), `a "${name}" event`, timeoutMs),
    close: () => abort.abort(),
  };
}
