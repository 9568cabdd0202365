/** The headers an event carries (and the only ones `format=metadata` is asked for). */
export const EVENT_HEADERS = ['From', 'To', 'Cc', 'Subject', 'Date', 'Message-ID'] as const;

/**
 * `format=full` cut by a partial-response mask to what an event needs: the parts' names, types and
 * sizes, never their bodies. Google's masks are not recursive, so parts are named four levels deep
 * (a signed message's attachment sits under multipart/signed → multipart/mixed).
 */
const PART = 'partId,mimeType,filename,body/size';
export const FULL_FIELDS = `id,threadId,labelIds,snippet,internalDate,sizeEstimate,payload(mimeType,filename,headers,parts(${PART},parts(${PART},parts(${PART},parts(${PART})))))`;

/** A message as an event's payload: metadata, the snippet and attachment names; no bodies. */
export interface GmailMessageEvent {
  id: string;
  threadId: string | null;
  mailbox: string;
  labelIds: string[];
  from: string | null;
  to: string | null;
  cc: string | null;
  subject: string | null;
  date: string | null;
  messageId: string | null;
  snippet: string;
  /** When Gmail accepted it (ISO 8601), from `internalDate`. */
  receivedAt: string | null;
  sizeEstimate: number | null;
  attachments: { filename: string; mimeType: string; size: number | null }[];
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

const MAX_PARTS = 200;

function attachmentsOf(payload: Record<string, unknown>): GmailMessageEvent['attachments'] {
  const found: GmailMessageEvent['attachments'] = [];
  const walk = (part: unknown, depth: number) => {
    if (!isObject(part) || depth > 6 || found.length >= MAX_PARTS) return;
    const filename = text(part.filename);
    if (filename) {
      const size = isObject(part.body) && typeof part.body.size === 'number' ? part.body.size : null;
      found.push({ filename, mimeType: text(part.mimeType) ?? 'application/octet-stream', size });
    }
    if (Array.isArray(part.parts)) part.parts.forEach((child) => walk(child, depth + 1));
  };
  walk(payload, 0);
  return found;
}

/**
 * `users.messages.get` (metadata, or full cut by FULL_FIELDS) as an event's payload. Throws on an
 * answer that is not a message. Header names are matched case-insensitively (Gmail keeps the
 * sender's spelling: `Message-Id`, `CC`).
 */
export function messageEvent(body: unknown, mailbox: string): GmailMessageEvent {
  if (!isObject(body) || typeof body.id !== 'string' || body.id === '') {
    throw new Error('Gmail answered something that is not a message (no id)');
  }
  const payload = isObject(body.payload) ? body.payload : {};
  const headers = Array.isArray(payload.headers) ? payload.headers.filter(isObject) : [];
  const header = (name: string) =>
    text(headers.find((h) => typeof h.name === 'string' && h.name.toLowerCase() === name.toLowerCase())?.value);
  const internal = Number(body.internalDate);
  return {
    id: body.id,
    threadId: text(body.threadId),
    mailbox,
    labelIds: Array.isArray(body.labelIds) ? body.labelIds.filter((l): l is string => typeof l === 'string') : [],
    from: header('From'),
    to: header('To'),
    cc: header('Cc'),
    subject: header('Subject'),
    date: header('Date'),
    messageId: header('Message-ID'),
    snippet: text(body.snippet) ?? '',
    receivedAt: Number.isSafeInteger(internal) && internal > 0 ? new Date(internal).toISOString() : null,
    sizeEstimate: typeof body.sizeEstimate === 'number' ? body.sizeEstimate : null,
    attachments: attachmentsOf(payload),
  };
}

/** "Subject — From", or whichever of those the message has. */
export function messageTitle(message: GmailMessageEvent): string | undefined {
  const parts = [message.subject?.trim(), message.from?.trim()].filter(Boolean);
  return parts.length > 0 ? parts.join(' — ') : undefined;
}
