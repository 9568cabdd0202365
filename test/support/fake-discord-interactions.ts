import { randomBytes } from 'node:crypto';

/** Discord's snowflake ids: milliseconds since 2015 in the high bits. */
let increment = 0;
export function snowflake(at = Date.now()): string {
  increment = (increment + 1) % 4096;
  return String((BigInt(at - 1420070400000) << 22n) | BigInt(increment));
}

export const EPHEMERAL = 64;
export const SUPPRESS_EMBEDS = 4;
/** A deferred answer still "thinking…". */
export const LOADING = 128;

/** A message an interaction produced, as the person who ran it sees it. */
export interface VisibleMessage {
  id: string;
  content: string;
  embeds: any[];
  components: any[];
  ephemeral: boolean;
  /** Discord shows no link previews for it, and fetches none of its URLs. */
  embedsSuppressed: boolean;
  at: number;
}

export interface InteractionRequest {
  kind: 'callback' | 'edit' | 'delete' | 'followup';
  /** Interaction callback type: 4 reply, 5 deferred reply, 6 deferred update, 7 update. */
  type?: number;
  body?: any;
  at: number;
}

/**
 * One interaction the fake gateway dispatched, and everything the bot answered to it over REST:
 * the callback (`POST /interactions/:id/:token/callback`), edits and deletion of `@original`, and
 * follow-ups (`/webhooks/:application/:token`). `messages` is what the person ends up seeing.
 */
export class FakeInteraction {
  readonly token = randomBytes(24).toString('base64url');
  readonly requests: InteractionRequest[] = [];
  private original?: VisibleMessage & { pending: boolean; deleted: boolean };
  private readonly followUps: VisibleMessage[] = [];
  /** Each returns true once satisfied, and is then dropped. */
  private readonly waiters: (() => boolean)[] = [];

  constructor(
    readonly id: string,
    readonly payload: any,
    /** The message a button was clicked on: an update replaces it. */
    private readonly componentMessage?: VisibleMessage,
    readonly createdAt = Date.now(),
  ) {}

  get acknowledged(): boolean {
    return this.requests.some((r) => r.kind === 'callback');
  }

  /** Milliseconds from dispatch to the first acknowledgement. */
  get acknowledgedAfterMs(): number | undefined {
    const first = this.requests.find((r) => r.kind === 'callback');
    return first ? first.at - this.createdAt : undefined;
  }

  /** Visible messages: the original reply (or the updated component message) and follow-ups. */
  get messages(): VisibleMessage[] {
    const shown = this.original && !this.original.deleted && !this.original.pending ? [this.original] : [];
    return [...shown.map(({ pending: _p, deleted: _d, ...message }) => message), ...this.followUps];
  }

  /** The last message the person sees; throws when there is none yet. */
  get answer(): VisibleMessage {
    const last = this.messages[this.messages.length - 1];
    if (!last) throw new Error(`Interaction ${this.id} has no visible answer yet`);
    return last;
  }

  /** Resolves once the person sees an answer (not just "thinking…"). */
  settled(timeoutMs = 5000): Promise<VisibleMessage> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.messages.length === 0) return false;
        clearTimeout(timer);
        resolve(this.answer);
        return true;
      };
      const timer = setTimeout(
        () =>
          reject(
            new Error(`No answer to interaction ${this.id} within ${timeoutMs} ms: ${JSON.stringify(this.requests)}`),
          ),
        timeoutMs,
      );
      if (!check()) this.waiters.push(check);
    });
  }

  /** `POST /interactions/:id/:token/callback`: returns an error body and status when Discord would refuse it. */
  callback(body: any): { status: number; error?: { message: string; code: number } } {
    const at = Date.now();
    if (at - this.createdAt > 3000) return { status: 404, error: { message: 'Unknown interaction', code: 10062 } };
    if (this.acknowledged) {
      return { status: 400, error: { message: 'Interaction has already been acknowledged.', code: 40060 } };
    }
    const type = Number(body?.type);
    const isComponent = this.payload.type === 3;
    if (![4, 5, 6, 7].includes(type) || ((type === 6 || type === 7) && !isComponent)) {
      return { status: 400, error: { message: 'Invalid interaction callback type', code: 50035 } };
    }
    const problem = type === 4 || type === 7 ? invalidMessage(body.data) : undefined;
    if (problem) return { status: 400, error: problem };
    this.requests.push({ kind: 'callback', type, body, at });
    const data = body.data ?? {};
    if (type === 4) this.original = { ...visible(data, snowflake(at), at), pending: false, deleted: false };
    if (type === 5) this.original = { ...visible(data, snowflake(at), at), pending: true, deleted: false };
    if (type === 6 || type === 7) {
      const base = this.componentMessage!;
      this.original = {
        ...(type === 7 ? { ...base, ...visible({ ...base, ...data }, base.id, at) } : base),
        pending: false,
        deleted: false,
      };
    }
    this.notify();
    return { status: 204 };
  }

  /** `PATCH /webhooks/:app/:token/messages/@original`. */
  edit(body: any): { status: number; message?: any; error?: { message: string; code: number } } {
    if (!this.original || this.original.deleted)
      return { status: 404, error: { message: 'Unknown Message', code: 10008 } };
    const problem = invalidMessage({ ...this.original, ...body });
    if (problem) return { status: 400, error: problem };
    const at = Date.now();
    this.requests.push({ kind: 'edit', body, at });
    this.original = {
      ...this.original,
      ...visible({ ...this.original, ...body }, this.original.id, at),
      pending: false,
    };
    this.notify();
    return { status: 200, message: this.wire(this.original) };
  }

  delete(): { status: number; error?: { message: string; code: number } } {
    if (!this.original || this.original.deleted)
      return { status: 404, error: { message: 'Unknown Message', code: 10008 } };
    this.requests.push({ kind: 'delete', at: Date.now() });
    this.original.deleted = true;
    this.notify();
    return { status: 204 };
  }

  followUp(body: any): { status: number; message?: any; error?: { message: string; code: number } } {
    if (!this.acknowledged) return { status: 404, error: { message: 'Unknown Webhook', code: 10015 } };
    const problem = invalidMessage(body);
    if (problem) return { status: 400, error: problem };
    const at = Date.now();
    this.requests.push({ kind: 'followup', body, at });
    const message = visible(body, snowflake(at), at);
    this.followUps.push(message);
    this.notify();
    return { status: 200, message: this.wire(message) };
  }

  originalWire(): any {
    if (!this.original || this.original.deleted) return undefined;
    const wire = this.wire(this.original);
    return this.original.pending ? { ...wire, flags: wire.flags | LOADING } : wire;
  }

  /** A message object as Discord returns it from the webhook endpoints. */
  wire(message: VisibleMessage): any {
    return {
      id: message.id,
      type: 20,
      channel_id: this.payload.channel_id,
      content: message.content,
      embeds: message.embeds,
      components: message.components,
      flags: (message.ephemeral ? EPHEMERAL : 0) | (message.embedsSuppressed ? SUPPRESS_EMBEDS : 0),
      author: {
        id: this.payload.application_id,
        username: 'Switchyard',
        discriminator: '0000',
        bot: true,
        avatar: null,
      },
      application_id: this.payload.application_id,
      webhook_id: this.payload.application_id,
      timestamp: new Date(message.at).toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      pinned: false,
    };
  }

  private notify(): void {
    const waiting = this.waiters.splice(0);
    this.waiters.push(...waiting.filter((satisfied) => !satisfied()));
  }
}

function visible(data: any, id: string, at: number): VisibleMessage {
  return {
    id,
    content: data.content ?? '',
    embeds: data.embeds ?? [],
    components: data.components ?? [],
    ephemeral: ((data.flags ?? 0) & EPHEMERAL) !== 0 || data.ephemeral === true,
    embedsSuppressed: ((data.flags ?? 0) & SUPPRESS_EMBEDS) !== 0 || data.embedsSuppressed === true,
    at,
  };
}

/** Discord's checks on a message body that the bot could get wrong. */
function invalidMessage(data: any): { message: string; code: number } | undefined {
  if (!data) return { message: 'Cannot send an empty message', code: 50006 };
  if (typeof data.content === 'string' && data.content.length > 2000) {
    return { message: 'Invalid Form Body (content: Must be 2000 or fewer in length.)', code: 50035 };
  }
  const embeds: any[] = data.embeds ?? [];
  if (embeds.length > 10) return { message: 'Invalid Form Body (embeds: Must be 10 or fewer in length.)', code: 50035 };
  const embedText = embeds
    .flatMap((e) => [
      e.title,
      e.description,
      e.footer?.text,
      ...(e.fields ?? []).flatMap((f: any) => [f.name, f.value]),
    ])
    .join('');
  if (embedText.length > 6000)
    return { message: 'Invalid Form Body (embeds: over 6000 characters in all)', code: 50035 };
  for (const embed of embeds) {
    if (
      (embed.description?.length ?? 0) > 4096 ||
      (embed.title?.length ?? 0) > 256 ||
      (embed.fields?.length ?? 0) > 25
    ) {
      return { message: 'Invalid Form Body (embeds: an embed is over a limit)', code: 50035 };
    }
    for (const field of embed.fields ?? []) {
      if (!field.name || !field.value || field.name.length > 256 || field.value.length > 1024) {
        return { message: 'Invalid Form Body (embeds.fields: a field is empty or over its limit)', code: 50035 };
      }
    }
  }
  if (!data.content && embeds.length === 0 && !(data.components?.length > 0)) {
    return { message: 'Cannot send an empty message', code: 50006 };
  }
  return undefined;
}
