import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { channelWire, FakeDiscord, FakeUser, guildWire, memberWire } from './fake-discord';
import { FakeInteraction, snowflake, VisibleMessage } from './fake-discord-interactions';

/** Gateway opcodes, as Discord documents them. */
const OP = { dispatch: 0, heartbeat: 1, identify: 2, resume: 6, reconnect: 7, invalidSession: 9, hello: 10, ack: 11 };

interface Session {
  id: string;
  seq: number;
  /** Every dispatch of the session, so a RESUME can replay what the client missed. */
  sent: { s: number; t: string; d: unknown }[];
}

export interface CommandCall {
  user: FakeUser;
  /** Where it is typed; without a guild it is a DM with the bot. */
  guildId?: string;
  channelId?: string;
}

/**
 * A loopback Discord gateway speaking the real protocol (JSON encoding, v10): HELLO with the
 * heartbeat interval, IDENTIFY checked against the bot token, READY with the application and the
 * guilds as unavailable, then GUILD_CREATE for each; HEARTBEAT answered with ACK; RESUME replaying
 * missed dispatches (INVALID_SESSION when it cannot); and INTERACTION_CREATE built like Discord's,
 * option types taken from the commands the bot registered on the FakeDiscord REST side. Tests can
 * drop the socket, close it with a code, or hold new connections to watch the bot reconnect.
 */
export class FakeDiscordGateway {
  readonly identifies: { intents: number; at: number }[] = [];
  readonly resumes: { sessionId: string; seq: number; replayed: number; at: number }[] = [];
  heartbeats = 0;
  private server?: WebSocketServer;
  private socket?: WebSocket;
  private session?: Session;
  private held: WebSocket[] | undefined;
  private readyWaiters: (() => void)[] = [];

  constructor(
    readonly discord: FakeDiscord,
    readonly options: { heartbeatIntervalMs?: number } = {},
  ) {}

  async start(): Promise<this> {
    this.server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => this.server!.once('listening', resolve));
    this.discord.gatewayUrl = `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    this.server.on('connection', (socket) => (this.held ? this.held.push(socket) : this.hello(socket)));
    return this;
  }

  async stop(): Promise<void> {
    for (const client of this.server?.clients ?? []) client.terminate();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  get url(): string {
    return this.discord.gatewayUrl!;
  }

  /** True while a client holds an identified or resumed session on an open socket. */
  get connected(): boolean {
    return this.socket?.readyState === WebSocket.OPEN && this.session !== undefined;
  }

  /** Resolves when the next (or current) session is ready. */
  ready(timeoutMs = 15_000): Promise<void> {
    if (this.connected) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('The bot did not connect to the fake gateway')), timeoutMs);
      this.readyWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Cuts the connection without a close frame (code 1006 on the client), as a network failure does. */
  drop(): void {
    this.socket?.terminate();
    this.socket = undefined;
  }

  /** Closes the connection with a close code, as Discord does (4000 unknown error, 4004 bad token, …). */
  close(code: number, reason = ''): void {
    this.socket?.close(code, reason);
    this.socket = undefined;
  }

  /** New connections wait (no HELLO) until `release()`. */
  hold(): void {
    this.held ??= [];
  }

  release(): void {
    const waiting = this.held ?? [];
    this.held = undefined;
    waiting.filter((s) => s.readyState === WebSocket.OPEN).forEach((s) => this.hello(s));
  }

  /** Sends a dispatch in the current session; while disconnected it is kept for the RESUME. */
  dispatch(t: string, d: unknown): void {
    if (!this.session) throw new Error('No gateway session');
    const s = ++this.session.seq;
    this.session.sent.push({ s, t, d });
    if (this.socket?.readyState === WebSocket.OPEN) this.send(this.socket, { op: OP.dispatch, s, t, d });
  }

  /**
   * Someone types a slash command: `command('schedule add', { cron: '0 9 * * 1', channel: '…' })`.
   * Options are typed from the registered command; a channel option carries its resolved channel.
   */
  command(text: string, options: Record<string, string | number | boolean>, call: CommandCall): FakeInteraction {
    const [name, ...path] = text.split(' ');
    const registered = this.registeredCommand(name!, call.guildId);
    let level: any = registered;
    for (const sub of path) {
      level = level.options?.find((o: any) => o.name === sub && (o.type === 1 || o.type === 2));
      if (!level) throw new Error(`/${name} has no subcommand ${sub}`);
    }
    const resolved: {
      channels?: Record<string, unknown>;
      users?: Record<string, unknown>;
      members?: Record<string, unknown>;
      attachments?: Record<string, unknown>;
    } = {};
    const typed = Object.entries(options).map(([key, value]) => {
      const spec = level.options?.find((o: any) => o.name === key);
      if (!spec) throw new Error(`/${text} has no option ${key}`);
      if (spec.type === 7) {
        const channel = this.discord.guilds.get(call.guildId ?? '')?.channels.find((c) => c.id === value);
        if (!channel) throw new Error(`No channel ${String(value)} in guild ${call.guildId}`);
        resolved.channels = {
          ...resolved.channels,
          [channel.id]: { ...channelWire(channel, call.guildId!), permissions: '0' },
        };
      }
      if (spec.type === 6) {
        // A user option carries the user and their membership of the server.
        const member = this.discord.guilds.get(call.guildId ?? '')?.members.get(String(value));
        if (!member) throw new Error(`No member ${String(value)} in guild ${call.guildId}`);
        const { user, ...withoutUser } = memberWire(member);
        resolved.users = { ...resolved.users, [user.id]: user };
        resolved.members = { ...resolved.members, [user.id]: { ...withoutUser, permissions: '0' } };
      }
      if (spec.type === 11) {
        // An attachment option's value is the attachment id; the file itself is in `resolved`.
        const channelId = call.channelId ?? this.discord.guilds.get(call.guildId ?? '')?.channels[0]?.id ?? '0';
        resolved.attachments = {
          ...resolved.attachments,
          [String(value)]: this.discord.attachmentWire(String(value), channelId),
        };
      }
      return { name: key, type: spec.type, value };
    });
    const missing = (level.options ?? []).filter((o: any) => o.required && !(o.name in options));
    if (missing.length > 0) throw new Error(`/${text} needs ${missing.map((o: any) => o.name).join(', ')}`);
    // Subcommands nest the options, innermost first.
    const nested = path.reduceRight<any[]>((inner, sub) => [{ name: sub, type: 1, options: inner }], typed);
    const data = {
      id: registered.id,
      name,
      type: 1,
      options: nested,
      ...(Object.keys(resolved).length > 0 ? { resolved } : {}),
      ...(call.guildId ? { guild_id: call.guildId } : {}),
    };
    return this.interact(2, data, call);
  }

  /** Someone clicks a button on a message the bot sent. */
  click(message: VisibleMessage, customId: string, call: CommandCall): FakeInteraction {
    const button = message.components.flatMap((row: any) => row.components).find((c: any) => c.custom_id === customId);
    if (!button) throw new Error(`The message has no button ${customId}`);
    if (button.disabled) throw new Error(`The button ${customId} is disabled`);
    return this.interact(3, { custom_id: customId, component_type: 2 }, call, message);
  }

  private interact(type: 2 | 3, data: unknown, call: CommandCall, message?: VisibleMessage): FakeInteraction {
    const id = snowflake();
    const guild = call.guildId ? this.discord.guilds.get(call.guildId) : undefined;
    if (call.guildId && !guild) throw new Error(`No guild ${call.guildId}`);
    const channelId = call.channelId ?? guild?.channels[0]?.id ?? snowflake();
    const channel = guild?.channels.find((c) => c.id === channelId);
    const member = guild?.members.get(call.user.id);
    if (guild && !member) throw new Error(`${call.user.username} is not a member of ${guild.name}`);
    const payload: any = {
      id,
      application_id: this.discord.application.id,
      type,
      token: '',
      version: 1,
      data,
      channel_id: channelId,
      locale: 'en-US',
      app_permissions: '2248473465835073',
      entitlements: [],
      attachment_size_limit: 10485760,
      ...(guild
        ? {
            guild_id: guild.id,
            guild: { id: guild.id, locale: 'en-US', features: [] },
            guild_locale: 'en-US',
            channel: {
              ...channelWire(channel ?? { id: channelId, name: 'general', type: 0 }, guild.id),
              permissions: '0',
            },
            member: { ...memberWire(member!), permissions: '2248473465835073' },
            authorizing_integration_owners: { '0': guild.id },
            context: 0,
          }
        : {
            user: { discriminator: '0', avatar: null, global_name: null, ...call.user },
            channel: { id: channelId, type: 1, recipients: [call.user], last_message_id: null, flags: 0 },
            authorizing_integration_owners: { '0': '100000000000000000' },
            context: 1,
          }),
    };
    const interaction = new FakeInteraction(id, payload, message);
    payload.token = interaction.token;
    if (message) payload.message = interaction.wire(message);
    this.discord.track(interaction);
    this.dispatch('INTERACTION_CREATE', payload);
    return interaction;
  }

  private registeredCommand(name: string, guildId?: string): any {
    const found =
      (guildId ? this.discord.commands(guildId) : undefined)?.find((c) => c.name === name) ??
      this.discord.commands(null)?.find((c) => c.name === name);
    if (!found) throw new Error(`The bot has not registered /${name}`);
    return found;
  }

  private hello(socket: WebSocket): void {
    this.send(socket, { op: OP.hello, d: { heartbeat_interval: this.options.heartbeatIntervalMs ?? 41_250 } });
    // JSON encoding: every client frame is one text payload.
    socket.on('message', (raw: Buffer) => this.receive(socket, JSON.parse(raw.toString('utf8'))));
  }

  private receive(socket: WebSocket, payload: { op: number; d: any }): void {
    switch (payload.op) {
      case OP.heartbeat:
        this.heartbeats++;
        return this.send(socket, { op: OP.ack });
      case OP.identify:
        return this.identify(socket, payload.d);
      case OP.resume:
        return this.resume(socket, payload.d);
      default:
        return socket.close(4001, 'Unknown opcode');
    }
  }

  private identify(socket: WebSocket, d: { token: string; intents: number }): void {
    if (d.token !== this.discord.token) return socket.close(4004, 'Authentication failed');
    this.identifies.push({ intents: d.intents, at: Date.now() });
    this.replace(socket);
    this.session = { id: randomBytes(16).toString('hex'), seq: 0, sent: [] };
    const guilds = [...this.discord.guilds.values()];
    this.dispatch('READY', {
      v: 10,
      user: { ...this.discord.botUser, bot: true, discriminator: '0000', avatar: null, global_name: null, flags: 0 },
      guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: this.session.id,
      resume_gateway_url: this.url,
      shard: [0, 1],
      application: { id: this.discord.application.id, flags: 0 },
      private_channels: [],
      presences: [],
      relationships: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: [],
      user_settings: {},
    });
    for (const guild of guilds) {
      this.dispatch('GUILD_CREATE', {
        ...guildWire(guild, this.discord.botUser),
        channels: guild.channels.map((c, i) => channelWire(c, guild.id, i)),
        joined_at: '2024-01-01T00:00:00.000Z',
        large: false,
        unavailable: false,
        threads: [],
        presences: [],
        voice_states: [],
        stage_instances: [],
        guild_scheduled_events: [],
        soundboard_sounds: [],
      });
    }
    this.readyWaiters.splice(0).forEach((w) => w());
  }

  private resume(socket: WebSocket, d: { token: string; session_id: string; seq: number }): void {
    if (d.token !== this.discord.token) return socket.close(4004, 'Authentication failed');
    if (!this.session || d.session_id !== this.session.id) {
      return this.send(socket, { op: OP.invalidSession, d: false });
    }
    this.replace(socket);
    const missed = this.session.sent.filter((e) => e.s > d.seq);
    this.resumes.push({ sessionId: d.session_id, seq: d.seq, replayed: missed.length, at: Date.now() });
    for (const e of missed) this.send(socket, { op: OP.dispatch, s: e.s, t: e.t, d: e.d });
    this.dispatch('RESUMED', {});
    this.readyWaiters.splice(0).forEach((w) => w());
  }

  /** One session at a time: a new IDENTIFY or RESUME takes over from the previous socket. */
  private replace(socket: WebSocket): void {
    if (this.socket && this.socket !== socket) this.socket.terminate();
    this.socket = socket;
    socket.on('close', () => {
      if (this.socket === socket) this.socket = undefined;
    });
  }

  private send(socket: WebSocket, payload: object): void {
    socket.send(JSON.stringify(payload));
  }
}
