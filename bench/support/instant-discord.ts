import { randomBytes } from 'node:crypto';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

export interface ReceivedMessage {
  channelId: string;
  content: string;
  /** performance.now() when the request's body had arrived. */
  at: number;
}

/**
 * The part of Discord's REST API a post uses (`POST /v10/channels/:id/messages`), answering at once
 * with a message object, so a benchmark measures Switchyard rather than a remote service.
 */
export class InstantDiscord {
  readonly messages: ReceivedMessage[] = [];
  onMessage?: (message: ReceivedMessage) => void;
  private server?: Server;

  get apiUrl(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/api`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const channelId = /^\/api\/v\d+\/channels\/(\d+)\/messages$/.exec(req.url ?? '')?.[1];
        if (req.method !== 'POST' || !channelId) {
          res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Unknown route","code":0}');
          return;
        }
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { content?: string; nonce?: string };
        const message = { channelId, content: body.content ?? '', at: performance.now() };
        this.messages.push(message);
        this.onMessage?.(message);
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            id: BigInt(`0x${randomBytes(7).toString('hex')}`).toString(),
            channel_id: channelId,
            content: body.content,
            nonce: body.nonce,
          }),
        );
      });
    });
    this.server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}
