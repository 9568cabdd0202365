import { randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';

export interface PostedMessage {
  id: string;
  channelId: string;
  content?: string;
  embeds?: unknown[];
  nonce?: string;
  allowed_mentions?: unknown;
  at: number;
}

/** A member of a guild, as GET /guilds/{guild}/members/{user} describes it. */
export interface FakeMember {
  id: string;
  username: string;
  globalName?: string;
  nick?: string;
  roles: string[];
}

/** A scripted answer for the next post to a channel. */
export type Scripted =
  | { status: 429; retryAfter: number }
  | { status: 500 | 502 | 503 }
  /** Creates the message, then answers 500: the caller cannot know it was posted. */
  | { status: 'lost-response' };

/**
 * A loopback stand-in for Discord's REST API, speaking its wire format: the /api/v10 routes,
 * bot-token auth, JSON error bodies with codes, 429 with `retry_after` and rate-limit headers,
 * and `nonce` + `enforce_nonce` de-duplication as Discord documents it.
 */
export class FakeDiscord {
  readonly messages: PostedMessage[] = [];
  readonly requests: { method: string; path: string; at: number }[] = [];
  private readonly script = new Map<string, Scripted[]>();
  private readonly byNonce = new Map<string, PostedMessage>();
  private readonly unknownChannels = new Set<string>();
  private readonly forbiddenChannels = new Set<string>();
  private readonly members = new Map<string, Map<string, FakeMember>>();
  private server?: Server;
  url = '';
  /** Milliseconds each answer takes; a function makes it vary. */
  latency: () => number = () => 0;

  constructor(readonly token: string) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** The base URL to give Switchyard as DISCORD_API_URL. */
  get apiUrl(): string {
    return `${this.url}/api`;
  }

  next(channelId: string, ...answers: Scripted[]): void {
    this.script.set(channelId, [...(this.script.get(channelId) ?? []), ...answers]);
  }

  unknownChannel(channelId: string): void {
    this.unknownChannels.add(channelId);
  }

  forbidChannel(channelId: string): void {
    this.forbiddenChannels.add(channelId);
  }

  /** Adds (or replaces) a member of a guild; the guild exists from then on. */
  addMember(guildId: string, member: FakeMember): void {
    if (!this.members.has(guildId)) this.members.set(guildId, new Map());
    this.members.get(guildId)!.set(member.id, member);
  }

  in(channelId: string): PostedMessage[] {
    return this.messages.filter((m) => m.channelId === channelId);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '').split('?')[0]!;
    this.requests.push({ method: req.method ?? '', path, at: Date.now() });
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const delay = this.latency();
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));

    if (req.headers.authorization !== `Bot ${this.token}`)
      return this.send(res, 401, { message: '401: Unauthorized', code: 0 });
    const post = /^\/api\/v10\/channels\/(\d+)\/messages$/.exec(path);
    if (req.method === 'POST' && post)
      return this.postMessage(res, post[1]!, JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'));
    const member = /^\/api\/v10\/guilds\/(\d+)\/members\/(\d+)$/.exec(path);
    if (req.method === 'GET' && member) return this.getMember(res, member[1]!, member[2]!);
    if (req.method === 'GET' && path === '/api/v10/gateway/bot') {
      return this.send(res, 200, {
        url: 'ws://127.0.0.1:1',
        shards: 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 },
      });
    }
    return this.send(res, 404, { message: '404: Not Found', code: 0 });
  }

  private postMessage(res: ServerResponse, channelId: string, body: Record<string, any>): void {
    if (this.unknownChannels.has(channelId)) return this.send(res, 404, { message: 'Unknown Channel', code: 10003 });
    if (this.forbiddenChannels.has(channelId)) return this.send(res, 403, { message: 'Missing Access', code: 50001 });
    if (!body.content && !body.embeds?.length)
      return this.send(res, 400, { message: 'Cannot send an empty message', code: 50006 });
    if (typeof body.content === 'string' && body.content.length > 2000) {
      return this.send(res, 400, {
        message: 'Invalid Form Body',
        code: 50035,
        errors: {
          content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 2000 or fewer in length.' }] },
        },
      });
    }
    const scripted = this.script.get(channelId)?.shift();
    if (scripted?.status === 429) {
      res.setHeader('retry-after', String(Math.ceil(scripted.retryAfter)));
      res.setHeader('x-ratelimit-scope', 'user');
      return this.send(res, 429, {
        message: 'You are being rate limited.',
        retry_after: scripted.retryAfter,
        global: false,
      });
    }
    if (scripted && scripted.status !== 'lost-response')
      return this.send(res, scripted.status, { message: 'Internal Server Error', code: 0 });

    const nonceKey = body.enforce_nonce && body.nonce ? `${channelId}:${String(body.nonce)}` : undefined;
    const existing = nonceKey ? this.byNonce.get(nonceKey) : undefined;
    const message = existing ?? this.create(channelId, body);
    if (nonceKey && !existing) this.byNonce.set(nonceKey, message);
    if (scripted?.status === 'lost-response') return this.send(res, 500, { message: 'Internal Server Error', code: 0 });
    this.send(res, 200, {
      id: message.id,
      channel_id: channelId,
      content: message.content ?? '',
      embeds: message.embeds ?? [],
      nonce: message.nonce,
    });
  }

  private getMember(res: ServerResponse, guildId: string, userId: string): void {
    const guild = this.members.get(guildId);
    if (!guild) return this.send(res, 404, { message: 'Unknown Guild', code: 10004 });
    const member = guild.get(userId);
    if (!member) return this.send(res, 404, { message: 'Unknown Member', code: 10007 });
    this.send(res, 200, {
      user: {
        id: member.id,
        username: member.username,
        global_name: member.globalName ?? null,
        discriminator: '0',
        avatar: null,
      },
      nick: member.nick ?? null,
      roles: member.roles,
      joined_at: '2024-01-01T00:00:00.000000+00:00',
      deaf: false,
      mute: false,
      flags: 0,
    });
  }

  private create(channelId: string, body: Record<string, any>): PostedMessage {
    const message: PostedMessage = {
      id: `${(BigInt(Date.now() - 1420070400000) << 22n) | BigInt(randomBytes(2).readUInt16BE())}`,
      channelId,
      content: body.content,
      embeds: body.embeds,
      nonce: body.nonce,
      allowed_mentions: body.allowed_mentions,
      at: Date.now(),
    };
    this.messages.push(message);
    return message;
  }

  private send(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, {
      'content-type': 'application/json',
      'x-ratelimit-limit': '5',
      'x-ratelimit-remaining': '4',
      'x-ratelimit-reset-after': '1',
      'x-ratelimit-bucket': 'fake-bucket',
    });
    res.end(JSON.stringify(body));
  }
}
