import { createServer, IncomingMessage, Server } from 'node:http';

export type ScriptedAnswer =
  | { content: string; finishReason?: 'stop' | 'length' }
  | { status: number; error: string; retryAfter?: number };

export interface ReceivedChat {
  model: string;
  messages: { role: string; content: string }[];
  response_format?: { type: string };
}

const read = async (req: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

/**
 * An OpenAI-compatible `/v1/chat/completions` on loopback that answers from a script, one entry per
 * request (valid JSON, near-JSON, prose, answers cut off by `finish_reason: length`, errors). A wrong
 * key gets 401 as from OpenAI; an empty script 500.
 */
export class FakeOpenAi {
  readonly apiKey = 'sk-test-fake-openai-key';
  readonly requests: ReceivedChat[] = [];
  private script: ScriptedAnswer[] = [];
  private server?: Server;
  baseUrl = '';

  answer(...answers: ScriptedAnswer[]): void {
    this.script.push(...answers);
  }

  reset(): void {
    this.script = [];
    this.requests.length = 0;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void (async () => {
        const body = await read(req);
        const send = (status: number, value: unknown, headers: Record<string, string> = {}) => {
          res.writeHead(status, { 'content-type': 'application/json', ...headers });
          res.end(JSON.stringify(value));
        };
        if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
          return send(404, { error: { message: `Unknown route ${req.url}`, type: 'invalid_request_error' } });
        }
        if (req.headers.authorization !== `Bearer ${this.apiKey}`) {
          return send(401, { error: { message: 'Incorrect API key provided', type: 'invalid_request_error' } });
        }
        this.requests.push(JSON.parse(body) as ReceivedChat);
        const next = this.script.shift();
        if (!next)
          return send(500, { error: { message: 'The fake has no scripted answer left', type: 'server_error' } });
        if ('status' in next) {
          return send(
            next.status,
            { error: { message: next.error, type: 'error' } },
            next.retryAfter ? { 'retry-after': String(next.retryAfter) } : {},
          );
        }
        send(200, {
          id: `chatcmpl-${this.requests.length}`,
          object: 'chat.completion',
          model: this.requests.at(-1)!.model,
          choices: [
            {
              index: 0,
              message: { role: 'assistant', content: next.content },
              finish_reason: next.finishReason ?? 'stop',
            },
          ],
          usage: { prompt_tokens: 100, completion_tokens: 50, total_tokens: 150 },
        });
      })();
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as { port: number }).port}/v1`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }
}
