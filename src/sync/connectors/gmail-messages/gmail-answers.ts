/** Gmail API answers as the connector reads them; anything of another shape throws with what is wrong. */

export interface GmailMessageRef {
  id: string;
  labelIds?: string[];
}

export interface GmailHistoryPage {
  /** Messages added (`history[].messagesAdded[].message`), in history order. */
  added: GmailMessageRef[];
  nextPageToken?: string;
  /** The mailbox's current history id. */
  historyId: string;
}

export interface GmailMessagesPage {
  ids: string[];
  nextPageToken?: string;
}

export interface GmailWatch {
  historyId: string;
  /** When the watch stops unless renewed (epoch ms). */
  expiration: number;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const ID = /^[A-Za-z0-9_-]{1,100}$/;

/** Gmail's history ids are unsigned 64-bit numbers, sent as strings (numbers accepted too). */
export function historyIdOf(value: unknown, what: string): string {
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof text !== 'string' || !/^\d{1,20}$/.test(text)) throw new Error(`${what} has no historyId`);
  return text;
}

/** The larger of two history ids (decimal strings of up to 20 digits). */
export const laterHistoryId = (a: string, b: string): string => (BigInt(a) >= BigInt(b) ? a : b);

function pageToken(body: Record<string, unknown>, what: string): string | undefined {
  const token = body.nextPageToken;
  if (token === undefined) return undefined;
  if (typeof token !== 'string' || token === '') throw new Error(`${what} has a nextPageToken that is not a string`);
  return token;
}

/** `users.history.list`: `{history?: [{id, messagesAdded?: [{message}]}], nextPageToken?, historyId}`. */
export function readHistoryPage(body: unknown): GmailHistoryPage {
  const what = 'Gmail answered a history page that';
  if (!isObject(body)) throw new Error('Gmail answered something that is not a history page');
  if (body.history !== undefined && !Array.isArray(body.history)) throw new Error(`${what} has no history list`);
  const added: GmailMessageRef[] = [];
  for (const record of (body.history as unknown[] | undefined) ?? []) {
    if (!isObject(record)) throw new Error(`${what} holds a history record that is not an object`);
    const items = record.messagesAdded ?? [];
    if (!Array.isArray(items)) throw new Error(`${what} holds messagesAdded that is not a list`);
    for (const item of items) {
      const message = isObject(item) ? item.message : undefined;
      if (!isObject(message) || typeof message.id !== 'string' || !ID.test(message.id)) {
        throw new Error(`${what} holds an added message without a usable id`);
      }
      const labelIds = Array.isArray(message.labelIds)
        ? message.labelIds.filter((l): l is string => typeof l === 'string')
        : undefined;
      added.push({ id: message.id, labelIds });
    }
  }
  return { added, nextPageToken: pageToken(body, what), historyId: historyIdOf(body.historyId, what) };
}

/** `users.messages.list`: `{messages?: [{id, threadId}], nextPageToken?, resultSizeEstimate}`. */
export function readMessagesPage(body: unknown): GmailMessagesPage {
  const what = 'Gmail answered a message list that';
  if (!isObject(body) || (body.messages !== undefined && !Array.isArray(body.messages))) {
    throw new Error('Gmail answered something that is not a list of messages');
  }
  const ids = ((body.messages as unknown[] | undefined) ?? []).map((item) => {
    if (!isObject(item) || typeof item.id !== 'string' || !ID.test(item.id)) {
      throw new Error(`${what} holds a message without a usable id`);
    }
    return item.id;
  });
  return { ids, nextPageToken: pageToken(body, what) };
}

/** `users.getProfile`: `{emailAddress, messagesTotal, threadsTotal, historyId}`. */
export function readProfileHistoryId(body: unknown): string {
  if (!isObject(body)) throw new Error('Gmail answered something that is not a profile');
  return historyIdOf(body.historyId, 'Gmail answered a profile that');
}

/** `users.watch`: `{historyId, expiration}` (expiration in epoch ms, as a string). */
export function readWatch(body: unknown): GmailWatch {
  if (!isObject(body)) throw new Error('Gmail answered something that is not a watch');
  const expiration = Number(body.expiration);
  if (!Number.isSafeInteger(expiration) || expiration <= 0) {
    throw new Error('Gmail answered a watch without an expiration');
  }
  return { historyId: historyIdOf(body.historyId, 'Gmail answered a watch that'), expiration };
}
