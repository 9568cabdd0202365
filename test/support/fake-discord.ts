import { createHmac, randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { FakeInteraction, snowflake } from './fake-discord-interactions';

export interface PostedMessage {
  id: string;
  channelId: string;
  /** The user who posted it: the bot, unless a test says someone else did (`say`). */
  authorId: string;
  content?: string;
  embeds?: unknown[];
  nonce?: string;
  allowed_mentions?: unknown;
  /** Action rows of buttons, as sent. */
  components?: unknown[];
  at: number;
}

/** A scripted answer for the next post to a channel. */
export type Scripted =
  /** Answers as Discord would (takes a turn in the script, for "the first post works, the next fails"). */
  | { status: 'ok' }
  /** A route (bucket) limit; with `global: true`, the bot's global limit (every route waits). */
  | { status: 429; retryAfter: number; global?: boolean }
  | { status: 500 | 502 | 503 }
  /** Discord refusing the request: 400 Invalid Form Body, 403 Missing Permissions, ... */
  | { status: 400 | 403 | 404; code: number; message: string }
  /** Creates the message, then answers 500: the caller cannot know it was posted. */
  | { status: 'lost-response' }
  /**
   * Creates the message, then answers only when `releaseHeld()` is called (or never, if the caller
   * went away): the window between Discord's answer and the caller recording it.
   */
  | { status: 'hold' };

/** Discord's per-channel limit on posting messages (about 5 per 5 seconds). */
export interface ChannelRateLimit {
  messages: number;
  perMs: number;
}

export interface FakeUser {
  id: string;
  username: string;
  global_name?: string | null;
}

export interface FakeRole {
  id: string;
  name: string;
}

export interface FakeChannel {
  id: string;
  name: string;
  /** 0 text, 5 announcement. */
  type: number;
}

export interface FakeGuild {
  id: string;
  name: string;
  roles: FakeRole[];
  channels: FakeChannel[];
  /** user id → the member's role ids. */
  members: Map<string, { user: FakeUser; roles: string[]; nick?: string }>;
}

/** A file someone attached to a command, kept on the fake CDN. */
export interface FakeFile {
  id: string;
  filename: string;
  contentType?: string;
  bytes: Buffer;
  /** What Discord declares as its size (default: the real one). */
  size: number;
}

/** One bulk overwrite of the application's commands, globally or in one guild. */
export interface CommandRegistration {
  guildId: string | null;
  commands: any[];
  at: number;
}

/**
 * A loopback stand-in for Discord's REST API, speaking its wire format: the /api/v10 routes,
 * bot-token auth, JSON error bodies with codes, a per-channel limit on posting (5 per 5 s: 429 with
 * `retry_after` beyond it, and the `X-RateLimit-*` headers that let a client wait before it), and
 * `nonce` + `enforce_nonce` de-duplication for a bounded window, as Discord does ("in the past few
 * minutes"): a repeat after `nonceWindowMs` makes a second message. Reading a channel's messages
 * (`GET …/messages?after=`) answers what Discord answers: author and content, no nonce. For the bot it also serves
 * the application (`/applications/@me`), command registration, guilds with their members and
 * roles, `GET /gateway/bot` (pointing at a FakeDiscordGateway), and the interaction endpoints
 * (callbacks, `@original` edits, follow-ups; no bot auth, as on Discord), recording every answer.
 */
export class FakeDiscord {
  readonly messages: PostedMessage[] = [];
  /**
   * Every request as it arrived, with the status it was answered (once answered); `remotePort`
   * tells which connection (and so which process) sent it.
   */
  readonly requests: {
    method: string;
    path: string;
    at: number;
    remotePort?: number;
    status?: number;
    /** Answered with the bot's global rate limit (a scripted `global: true` 429). */
    global?: boolean;
  }[] = [];
  private readonly globalLimited = new WeakSet<ServerResponse>();
  private readonly script = new Map<string, Scripted[]>();
  private readonly byNonce = new Map<string, PostedMessage>();
  private readonly buckets = new Map<string, { remaining: number; resetAt: number }>();
  private readonly held: (() => void)[] = [];
  private lastId = 0n;
  /** How long a nonce de-duplicates: Discord says "the past few minutes". */
  nonceWindowMs = 5 * 60_000;
  /** Discord's per-channel posting limit; null turns it off. */
  channelRateLimit: ChannelRateLimit | null = { messages: 5, perMs: 5000 };
  /** Posts answered 429 because the channel's limit was used up (not scripted ones). */
  rateLimited = 0;
  /** Messages created by `hold` posts whose answer is still held. */
  heldCreated: PostedMessage[] = [];
  private readonly unknownChannels = new Set<string>();
  private readonly forbiddenChannels = new Set<string>();
  private server?: Server;
  url = '';
  /** Milliseconds each answer takes; a function makes it vary. */
  latency: () => number = () => 0;
  readonly guilds = new Map<string, FakeGuild>();
  readonly registrations: CommandRegistration[] = [];
  readonly interactions = new Map<string, FakeInteraction>();
  /** Set by FakeDiscordGateway.start(); GET /gateway/bot answers it. */
  gatewayUrl?: string;
  /** The application has the privileged Server Members intent (else listing members answers 403). */
  membersIntent = true;
  /** The bot user of the application. */
  readonly botUser: FakeUser;
  /** Files attached to commands (`attach()`), by attachment id, served signed from `/attachments/…`. */
  readonly files = new Map<string, FakeFile>();
  private readonly cdnKey = randomBytes(16);
  /** How long a signed CDN link works (Discord's last about a day). */
  cdnLinkTtlMs = 24 * 3600_000;

  constructor(
    readonly token: string,
    readonly application: { id: string; name: string } = { id: '900000000000000001', name: 'Switchyard Test' },
  ) {
    this.botUser = { id: application.id, username: 'switchyard-bot' };
  }

  addGuild(guild: { id: string; name: string; roles?: FakeRole[]; channels?: FakeChannel[] }): FakeGuild {
    const added: FakeGuild = {
      id: guild.id,
      name: guild.name,
      // Every guild has @everyone, with the guild's own id.
      roles: [{ id: guild.id, name: '@everyone' }, ...(guild.roles ?? [])],
      channels: guild.channels ?? [],
      members: new Map(),
    };
    this.guilds.set(guild.id, added);
    return added;
  }

  addMember(guildId: string, user: FakeUser, roleIds: string[] = [], nick?: string): void {
    this.guilds.get(guildId)!.members.set(user.id, { user, roles: roleIds, nick });
  }

  /** The commands the latest registration left in a guild, or globally (guildId null). */
  commands(guildId: string | null = null): any[] | undefined {
    return [...this.registrations].reverse().find((r) => r.guildId === guildId)?.commands;
  }

  /** Someone attaches a file to a command: it goes to the CDN; the id is the option's value. */
  attach(file: { filename: string; contentType?: string; bytes: Buffer; size?: number }): FakeFile {
    const stored: FakeFile = { id: snowflake(), ...file, size: file.size ?? file.bytes.length };
    this.files.set(stored.id, stored);
    return stored;
  }

  /** The attachment object of an interaction's `resolved.attachments`, with a signed CDN URL as Discord gives. */
  attachmentWire(id: string, channelId: string): any {
    const file = this.files.get(id);
    if (!file) throw new Error(`No attached file ${id}`);
    const path = `/attachments/${channelId}/${file.id}/${encodeURIComponent(file.filename)}`;
    const ex = Math.floor((Date.now() + this.cdnLinkTtlMs) / 1000).toString(16);
    const is = Math.floor(Date.now() / 1000).toString(16);
    const url = `${this.url}${path}?ex=${ex}&is=${is}&hm=${this.cdnSignature(path, ex)}&`;
    return {
      id: file.id,
      filename: file.filename,
      size: file.size,
      url,
      proxy_url: url,
      ...(file.contentType ? { content_type: file.contentType } : {}),
      ephemeral: true,
    };
  }

  /** CDN downloads: how many requests asked for this file. */
  downloads(fileId: string): number {
    return this.requests.filter(
      (r) => r.method === 'GET' && r.path.startsWith('/attachments/') && r.path.includes(`/${fileId}/`),
    ).length;
  }

  private cdnSignature(path: string, ex: string): string {
    return createHmac('sha256', this.cdnKey).update(`${path}|${ex}`).digest('hex');
  }

  /** `GET /attachments/:channel/:id/:name?ex&is&hm`: the bytes, only with a valid, unexpired signature (else 404, as Discord). */
  private cdn(path: string, query: URLSearchParams, res: ServerResponse): void {
    const match = /^\/attachments\/(\d+)\/(\d+)\/[^/]+$/.exec(path);
    const file = match ? this.files.get(match[2]!) : undefined;
    const ex = query.get('ex') ?? '';
    const valid =
      file !== undefined &&
      query.get('hm') === this.cdnSignature(path, ex) &&
      Number.parseInt(ex, 16) * 1000 > Date.now();
    if (!valid) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('This content is no longer available.');
      return;
    }
    res.writeHead(200, {
      'content-type': file.contentType ?? 'application/octet-stream',
      'content-length': String(file.bytes.length),
    });
    res.end(file.bytes);
  }

  track(interaction: FakeInteraction): FakeInteraction {
    this.interactions.set(interaction.id, interaction);
    return interaction;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.releaseHeld();
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

  /** Scripted answers not yet given for a channel. */
  scriptedLeft(channelId: string): number {
    return this.script.get(channelId)?.length ?? 0;
  }

  unknownChannel(channelId: string): void {
    this.unknownChannels.add(channelId);
  }

  forbidChannel(channelId: string): void {
    this.forbiddenChannels.add(channelId);
  }

  /** The channel answers posts again (undoes unknownChannel and forbidChannel). */
  restoreChannel(channelId: string): void {
    this.unknownChannels.delete(channelId);
    this.forbiddenChannels.delete(channelId);
  }

  /** Answers every held post now (the callers may be gone). */
  releaseHeld(): void {
    this.held.splice(0).forEach((release) => release());
  }

  /** Someone other than the bot posts in a channel. */
  say(channelId: string, content: string, authorId = '100000000000000099'): PostedMessage {
    return this.create(channelId, { content }, authorId);
  }

  in(channelId: string): PostedMessage[] {
    return this.messages.filter((m) => m.channelId === channelId);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '').split('?')[0]!;
    const request: FakeDiscord['requests'][number] = {
      method: req.method ?? '',
      path,
      at: Date.now(),
      remotePort: req.socket.remotePort,
    };
    this.requests.push(request);
    res.once('finish', () => {
      request.status = res.statusCode;
      if (this.globalLimited.has(res)) request.global = true;
    });
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const delay = this.latency();
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));

    const body = () => JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    // The CDN needs no bot token: its links are signed.
    if (path.startsWith('/attachments/')) return this.cdn(path, new URL(req.url ?? '', this.url).searchParams, res);
    // Interaction callbacks and their webhook are authorised by the interaction token in the path.
    if (/^\/api\/v10\/(interactions|webhooks)\//.test(path)) return this.interaction(req.method ?? '', path, body, res);
    if (req.headers.authorization !== `Bot ${this.token}`)
      return this.send(res, 401, { message: '401: Unauthorized', code: 0 });
    if (this.bot(req.method ?? '', path, body, res, new URL(req.url ?? '', this.url).searchParams)) return;
    const post = /^\/api\/v10\/channels\/(\d+)\/messages$/.exec(path);
    if (req.method === 'POST' && post)
      return this.postMessage(res, post[1]!, JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'));
    if (req.method === 'GET' && post) return this.readMessages(res, post[1]!, new URL(req.url ?? '', this.url));
    if (req.method === 'GET' && /^\/api\/v10\/users\/(@|%40)me$/.test(path)) {
      return this.send(res, 200, { ...this.botUser, bot: true, discriminator: '0000', avatar: null });
    }
    if (req.method === 'GET' && path === '/api/v10/gateway/bot') {
      return this.send(res, 200, {
        url: this.gatewayUrl ?? 'ws://127.0.0.1:1',
        shards: 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 },
      });
    }
    return this.send(res, 404, { message: '404: Not Found', code: 0 });
  }

  /** The application, command registration, guilds, members and roles. True when it answered. */
  private bot(method: string, path: string, body: () => any, res: ServerResponse, query: URLSearchParams): boolean {
    if (method === 'GET' && path === '/api/v10/applications/@me') {
      this.send(res, 200, {
        id: this.application.id,
        name: this.application.name,
        description: '',
        flags: 0,
        bot_public: false,
        bot_require_code_grant: false,
        verify_key: 'fake',
        bot: { ...this.botUser, bot: true, discriminator: '0000', avatar: null },
      });
      return true;
    }
    const commands = /^\/api\/v10\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/.exec(path);
    if (commands) {
      const [, applicationId, guildId = null] = commands;
      if (applicationId !== this.application.id) {
        this.send(res, 403, { message: 'Missing Access', code: 50001 });
      } else if (guildId && !this.guilds.has(guildId)) {
        this.send(res, 404, { message: 'Unknown Guild', code: 10004 });
      } else if (method === 'PUT') {
        const registered = (body() as any[]).map((command) => ({
          id: this.commands(guildId)?.find((c) => c.name === command.name)?.id ?? snowflake(),
          application_id: this.application.id,
          version: snowflake(),
          default_member_permissions: null,
          type: 1,
          nsfw: false,
          ...(guildId ? { guild_id: guildId } : {}),
          ...command,
        }));
        this.registrations.push({ guildId, commands: registered, at: Date.now() });
        this.send(res, 200, registered);
      } else if (method === 'GET') {
        this.send(res, 200, this.commands(guildId) ?? []);
      } else {
        this.send(res, 405, { message: '405: Method Not Allowed', code: 0 });
      }
      return true;
    }
    const list = /^\/api\/v10\/guilds\/(\d+)\/members$/.exec(path);
    if (method === 'GET' && list) {
      this.listMembers(list[1]!, query, res);
      return true;
    }
    const guild = /^\/api\/v10\/guilds\/(\d+)(?:\/(roles|members\/(\d+)))?$/.exec(path);
    if (method === 'GET' && guild) {
      const [, guildId, part, userId] = guild;
      const found = this.guilds.get(guildId!);
      const member = userId ? found?.members.get(userId) : undefined;
      if (!found) this.send(res, 404, { message: 'Unknown Guild', code: 10004 });
      else if (part === 'roles')
        this.send(
          res,
          200,
          found.roles.map((r, i) => roleWire(r, i)),
        );
      else if (userId && !member) this.send(res, 404, { message: 'Unknown Member', code: 10007 });
      else if (member) this.send(res, 200, memberWire(member));
      else this.send(res, 200, guildWire(found, this.botUser));
      return true;
    }
    return false;
  }

  /**
   * `GET /guilds/:id/members?limit=&after=` as Discord serves it: members by ascending user id after
   * `after`, `limit` 1 (default) to 1000, and 403 Missing Access without the Server Members intent.
   */
  private listMembers(guildId: string, query: URLSearchParams, res: ServerResponse): void {
    const found = this.guilds.get(guildId);
    if (!found) return this.send(res, 404, { message: 'Unknown Guild', code: 10004 });
    if (!this.membersIntent) return this.send(res, 403, { message: 'Missing Access', code: 50001 });
    const limit = Number(query.get('limit') ?? 1);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
      return this.send(res, 400, {
        message: 'Invalid Form Body',
        code: 50035,
        errors: {
          limit: { _errors: [{ code: 'NUMBER_TYPE_MAX', message: 'int value should be less than or equal to 1000.' }] },
        },
      });
    }
    const after = BigInt(query.get('after') ?? '0');
    const all = [
      { user: { ...this.botUser, bot: true } as FakeUser, roles: [] as string[] },
      ...found.members.values(),
    ];
    const page = all
      .filter((member) => BigInt(member.user.id) > after)
      .sort((a, b) => (BigInt(a.user.id) < BigInt(b.user.id) ? -1 : 1))
      .slice(0, limit);
    this.send(res, 200, page.map(memberWire));
  }

  private interaction(method: string, path: string, body: () => any, res: ServerResponse): void {
    const callback = /^\/api\/v10\/interactions\/(\d+)\/([\w-]+)\/callback$/.exec(path);
    const webhook = /^\/api\/v10\/webhooks\/(\d+)\/([\w-]+)(?:\/messages\/(@original|%40original))?$/.exec(path);
    const found = callback
      ? this.interactions.get(callback[1]!)
      : [...this.interactions.values()].find((i) => i.token === webhook?.[2]);
    const token = callback?.[2] ?? webhook?.[2];
    if (!found || found.token !== token || (webhook && webhook[1] !== this.application.id)) {
      return this.send(res, 404, {
        message: callback ? 'Unknown interaction' : 'Unknown Webhook',
        code: callback ? 10062 : 10015,
      });
    }
    let answer: { status: number; message?: any; error?: { message: string; code: number } };
    if (callback && method === 'POST') answer = found.callback(body());
    else if (webhook?.[3] && method === 'PATCH') answer = found.edit(body());
    else if (webhook?.[3] && method === 'DELETE') answer = found.delete();
    else if (webhook?.[3] && method === 'GET') {
      const original = found.originalWire();
      answer = original
        ? { status: 200, message: original }
        : { status: 404, error: { message: 'Unknown Message', code: 10008 } };
    } else if (webhook && !webhook[3] && method === 'POST') answer = found.followUp(body());
    else answer = { status: 405, error: { message: '405: Method Not Allowed', code: 0 } };
    if (answer.status === 204) {
      res.writeHead(204);
      res.end();
      return;
    }
    this.send(res, answer.status, answer.error ?? answer.message);
  }

  private async postMessage(res: ServerResponse, channelId: string, body: Record<string, any>): Promise<void> {
    if (this.unknownChannels.has(channelId)) return this.send(res, 404, { message: 'Unknown Channel', code: 10003 });
    if (this.forbiddenChannels.has(channelId)) return this.send(res, 403, { message: 'Missing Access', code: 50001 });
    const bucket = this.takeTurn(channelId);
    if (bucket && bucket.remaining < 0) {
      this.rateLimited++;
      const retryAfter = (bucket.resetAt - Date.now()) / 1000;
      return this.send(
        res,
        429,
        { message: 'You are being rate limited.', retry_after: retryAfter, global: false },
        { ...this.limitHeaders(bucket), 'retry-after': String(Math.ceil(retryAfter)), 'x-ratelimit-scope': 'user' },
      );
    }
    const headers = bucket ? this.limitHeaders(bucket) : {};
    if (!body.content && !body.embeds?.length)
      return this.send(res, 400, { message: 'Cannot send an empty message', code: 50006 }, headers);
    if (typeof body.content === 'string' && body.content.length > 2000) {
      return this.send(
        res,
        400,
        {
          message: 'Invalid Form Body',
          code: 50035,
          errors: {
            content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 2000 or fewer in length.' }] },
          },
        },
        headers,
      );
    }
    const badComponents = componentProblem(body.components);
    if (badComponents) {
      return this.send(
        res,
        400,
        { message: 'Invalid Form Body', code: 50035, errors: { components: badComponents } },
        headers,
      );
    }
    const scripted = this.script.get(channelId)?.shift();
    if (scripted?.status === 429) {
      if (scripted.global) this.globalLimited.add(res);
      return this.send(
        res,
        429,
        { message: 'You are being rate limited.', retry_after: scripted.retryAfter, global: scripted.global === true },
        {
          ...headers,
          'retry-after': String(Math.ceil(scripted.retryAfter)),
          'x-ratelimit-scope': scripted.global ? 'global' : 'user',
          ...(scripted.global ? { 'x-ratelimit-global': 'true' } : {}),
        },
      );
    }
    if (scripted && typeof scripted.status === 'number') {
      const refusal = 'code' in scripted ? { message: scripted.message, code: scripted.code } : undefined;
      return this.send(res, scripted.status, refusal ?? { message: 'Internal Server Error', code: 0 }, headers);
    }

    const nonceKey = body.enforce_nonce && body.nonce ? `${channelId}:${String(body.nonce)}` : undefined;
    const remembered = nonceKey ? this.byNonce.get(nonceKey) : undefined;
    const existing = remembered && Date.now() - remembered.at < this.nonceWindowMs ? remembered : undefined;
    const message = existing ?? this.create(channelId, body);
    if (nonceKey && !existing) this.byNonce.set(nonceKey, message);
    if (scripted?.status === 'lost-response')
      return this.send(res, 500, { message: 'Internal Server Error', code: 0 }, headers);
    if (scripted?.status === 'hold') {
      this.heldCreated.push(message);
      await new Promise<void>((release) => this.held.push(release));
    }
    this.send(res, 200, { ...messageWire(message, this.botUser), nonce: message.nonce }, headers);
  }

  /** GET /channels/:id/messages?after=&limit=: up to `limit` (≤ 100) messages after `after`, newest first. */
  private readMessages(res: ServerResponse, channelId: string, url: URL): void {
    if (this.unknownChannels.has(channelId)) return this.send(res, 404, { message: 'Unknown Channel', code: 10003 });
    if (this.forbiddenChannels.has(channelId)) return this.send(res, 403, { message: 'Missing Access', code: 50001 });
    const limit = Math.min(100, Math.max(1, Number(url.searchParams.get('limit') ?? 50)));
    const after = BigInt(url.searchParams.get('after') ?? '0');
    const found = this.in(channelId)
      .filter((m) => BigInt(m.id) > after)
      .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1))
      .slice(0, limit)
      .reverse();
    // Discord does not return a message's nonce when it is read back.
    this.send(
      res,
      200,
      found.map((m) => messageWire(m, this.botUser)),
    );
  }

  /** Takes one of the channel's posting turns; remaining below 0 means the limit was exceeded. */
  private takeTurn(channelId: string): { remaining: number; resetAt: number } | undefined {
    const limit = this.channelRateLimit;
    if (!limit) return undefined;
    const now = Date.now();
    let bucket = this.buckets.get(channelId);
    if (!bucket || bucket.resetAt <= now) {
      bucket = { remaining: limit.messages, resetAt: now + limit.perMs };
      this.buckets.set(channelId, bucket);
    }
    bucket.remaining--;
    return bucket;
  }

  private limitHeaders(bucket: { remaining: number; resetAt: number }): Record<string, string> {
    return {
      'x-ratelimit-limit': String(this.channelRateLimit?.messages ?? 5),
      'x-ratelimit-remaining': String(Math.max(0, bucket.remaining)),
      'x-ratelimit-reset-after': ((bucket.resetAt - Date.now()) / 1000).toFixed(3),
      'x-ratelimit-reset': (bucket.resetAt / 1000).toFixed(3),
      'x-ratelimit-bucket': 'fake-channel-messages',
    };
  }

  private create(channelId: string, body: Record<string, any>, authorId = this.botUser.id): PostedMessage {
    const message: PostedMessage = {
      id: this.nextId(),
      channelId,
      authorId,
      content: body.content,
      embeds: body.embeds,
      nonce: body.nonce,
      allowed_mentions: body.allowed_mentions,
      components: body.components,
      at: Date.now(),
    };
    this.messages.push(message);
    return message;
  }

  /** Snowflakes in creation order, as Discord's are within a channel. */
  private nextId(): string {
    const at = (BigInt(Date.now() - 1420070400000) << 22n) | BigInt(randomBytes(1).readUInt8());
    this.lastId = at > this.lastId ? at : this.lastId + 1n;
    return String(this.lastId);
  }

  private send(res: ServerResponse, status: number, body: unknown, headers?: Record<string, string>): void {
    if (res.destroyed) return;
    res.writeHead(status, {
      'content-type': 'application/json',
      ...(headers ?? {
        'x-ratelimit-limit': '5',
        'x-ratelimit-remaining': '4',
        'x-ratelimit-reset-after': '1',
        'x-ratelimit-bucket': 'fake-bucket',
      }),
    });
    res.end(JSON.stringify(body));
  }
}

/** What Discord says about buttons it would refuse: at most 5 rows of 5, labels and custom ids within limits. */
function componentProblem(components: unknown): string | undefined {
  if (components === undefined) return undefined;
  if (!Array.isArray(components) || components.length > 5) return 'Must be 5 or fewer action rows';
  for (const row of components as { type?: number; components?: any[] }[]) {
    if (row.type !== 1 || !Array.isArray(row.components) || row.components.length > 5) return 'Invalid action row';
    for (const button of row.components) {
      if (button.type !== 2 || ![1, 2, 3, 4].includes(button.style)) return 'Invalid button';
      if (typeof button.label !== 'string' || button.label.length > 80) return 'Button label must be 80 or fewer';
      if (typeof button.custom_id !== 'string' || button.custom_id.length > 100)
        return 'custom_id must be 100 or fewer';
    }
  }
  return undefined;
}

export function messageWire(message: PostedMessage, botUser: FakeUser) {
  const author =
    message.authorId === botUser.id
      ? { ...botUser, bot: true, discriminator: '0000', avatar: null, global_name: null }
      : { id: message.authorId, username: 'someone', discriminator: '0', avatar: null, global_name: null };
  return {
    id: message.id,
    type: 0,
    channel_id: message.channelId,
    author,
    content: message.content ?? '',
    embeds: message.embeds ?? [],
    attachments: [],
    mentions: [],
    mention_roles: [],
    mention_everyone: false,
    pinned: false,
    tts: false,
    timestamp: new Date(message.at).toISOString(),
    edited_timestamp: null,
    flags: 0,
    components: message.components ?? [],
  };
}

export function roleWire(role: FakeRole, position: number) {
  return {
    id: role.id,
    name: role.name,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position,
    permissions: role.name === '@everyone' ? '1071698660929' : '0',
    managed: false,
    mentionable: false,
    flags: 0,
  };
}

export function memberWire(member: { user: FakeUser; roles: string[]; nick?: string }) {
  return {
    user: { discriminator: '0', avatar: null, global_name: null, ...member.user },
    roles: member.roles,
    nick: member.nick ?? null,
    avatar: null,
    joined_at: '2024-01-01T00:00:00.000Z',
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    communication_disabled_until: null,
  };
}

export function channelWire(channel: FakeChannel, guildId: string, position = 0) {
  return {
    id: channel.id,
    type: channel.type,
    guild_id: guildId,
    name: channel.name,
    position,
    permission_overwrites: [],
    parent_id: null,
    topic: null,
    nsfw: false,
    last_message_id: null,
    rate_limit_per_user: 0,
  };
}

export function guildWire(guild: FakeGuild, botUser: FakeUser) {
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: '100000000000000000',
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: guild.roles.map(roleWire),
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: 0,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    preferred_locale: 'en-US',
    public_updates_channel_id: null,
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    max_members: 500000,
    members: [memberWire({ user: botUser, roles: [] })],
    member_count: guild.members.size + 1,
  };
}
