import { shownUrl } from '../../http/guarded-get';
import { SyncFetchError } from '../../http/sync-fetch-error';
import { googleCredentialProblems } from '../../../integrations/google/access/credential-problems';
import type { ConnectorContext, ListedPage, ListedResource, PageCursor, SyncConnector } from '../sync-connector';
import { SyncStateExpiredError } from '../sync-state-expired';
import { gmailAccessToken, tokenRefused } from './gmail-access';
import { GmailMessageRef, historyIdOf, readHistoryPage, readMessagesPage, readProfileHistoryId } from './gmail-answers';
import { messageEvent, messageTitle } from './gmail-message';
import { GmailMessagesSettings, gmailSettingsProblems, parseGmailSettings } from './gmail-messages-settings';
import { historyUrl, messagesUrl, messageUrl, profileUrl } from './gmail-urls';

type Context = ConnectorContext<GmailMessagesSettings>;

/** Where a pass is: reading history from `start`, or (no usable history id) the newest messages. */
type GmailCursor =
  | { phase: 'history'; label: number; start: string; newest?: string; pageToken?: string }
  | { phase: 'full'; label: number; fresh: string; taken: number; pageToken?: string };

/** Messages read at once by `messages.get` (Gmail allows a user about 50 a second). */
const GET_CONCURRENCY = 4;
/** History records and message ids per page: each new message costs one `messages.get`. */
const PAGE_SIZE = 100;

/** Gmail's 403 reasons that mean "slow down", not "not allowed". */
const RATE_LIMITED = /rateLimitExceeded|userRateLimitExceeded|quotaExceeded|concurrentLimitExceeded/;
const RATE_LIMIT_BACKOFF_MS = 10_000;

/**
 * A GET as the mailbox's user; a refused token is renewed once (a new one proves the credential is
 * what is wrong), and Gmail's 403 rate limits are retried later instead of blamed on the credential.
 */
async function getJson(context: Context, url: URL): Promise<unknown> {
  const get = async (renew: boolean) =>
    (await context.getJson(url, { authorization: `Bearer ${await gmailAccessToken(context, renew)}` })).body;
  try {
    try {
      return await get(false);
    } catch (error) {
      if (!tokenRefused(error)) throw error;
      return await get(true);
    }
  } catch (error) {
    if (error instanceof SyncFetchError && error.details.status === 403 && RATE_LIMITED.test(error.message)) {
      throw new SyncFetchError(error.message, { status: 403, retryAt: new Date(Date.now() + RATE_LIMIT_BACKOFF_MS) });
    }
    throw error;
  }
}

function read<T>(url: URL, body: unknown, reader: (body: unknown) => T): T {
  try {
    return reader(body);
  } catch (error) {
    throw new SyncFetchError(`${shownUrl(url)}: ${(error as Error).message}`);
  }
}

async function freshHistoryId(context: Context): Promise<string> {
  const url = profileUrl(context.google.urls.gmailApiUrl, context.settings);
  return read(url, await getJson(context, url), readProfileHistoryId);
}

/** A watched label listed before `label` (its messages were that label's events already). */
const earlierLabel = (settings: GmailMessagesSettings, label: number, labelIds: string[] | undefined) =>
  labelIds !== undefined && settings.labelIds.slice(0, label).some((l) => labelIds.includes(l));

/** The messages as events, GET_CONCURRENCY at a time; one deleted since it was listed (404) is left out. */
async function messages(context: Context, refs: GmailMessageRef[], label: number): Promise<ListedResource[]> {
  const ids = [...new Set(refs.map((r) => r.id))];
  const found: (ListedResource | undefined)[] = new Array(ids.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    // Once one read failed the page fails: the others stop asking.
    while (!failed && next < ids.length) {
      const index = next++;
      const url = messageUrl(context.google.urls.gmailApiUrl, context.settings, ids[index]!);
      let body: unknown;
      try {
        body = await getJson(context, url);
      } catch (error) {
        if (error instanceof SyncFetchError && error.details.status === 404) continue;
        failed = true;
        throw error;
      }
      const message = read(url, body, (b) => messageEvent(b, context.settings.mailbox));
      if (earlierLabel(context.settings, label, message.labelIds)) continue;
      found[index] = { id: message.id, payload: message, title: messageTitle(message) };
    }
  };
  await Promise.all(Array.from({ length: Math.min(GET_CONCURRENCY, ids.length) }, worker));
  return found.filter((r): r is ListedResource => r !== undefined);
}

/**
 * The next label of the pass, or its end: the history id the next pass starts from. Every page is
 * `incremental`, the full read's too: it takes only the newest messages, so nothing unlisted is gone.
 */
function after(context: Context, cursor: GmailCursor, resources: ListedResource[], newest: string): ListedPage {
  if (cursor.label + 1 < context.settings.labelIds.length) {
    const next: GmailCursor =
      cursor.phase === 'history'
        ? { phase: 'history', label: cursor.label + 1, start: cursor.start, newest }
        : { phase: 'full', label: cursor.label + 1, fresh: cursor.fresh, taken: 0 };
    return { resources, next: next as PageCursor, incremental: true };
  }
  return { resources, state: { historyId: newest }, incremental: true };
}

async function historyPage(context: Context, cursor: Extract<GmailCursor, { phase: 'history' }>) {
  const { settings } = context;
  const url = historyUrl(
    context.google.urls.gmailApiUrl,
    settings,
    cursor.start,
    settings.labelIds[cursor.label]!,
    cursor.pageToken,
  );
  let body: unknown;
  try {
    body = await getJson(context, url);
  } catch (error) {
    // Gmail keeps history "typically at least a week, sometimes only hours": the engine then reads in full.
    if (error instanceof SyncFetchError && error.details.status === 404) {
      throw new SyncStateExpiredError(`Gmail no longer has the history from ${cursor.start} (404)`);
    }
    throw error;
  }
  const page = read(url, body, readHistoryPage);
  // The mailbox's history id when the pass began: whatever came later is in the next pass (maybe in this one too).
  const newest = cursor.newest ?? page.historyId;
  const refs = page.added.filter((r) => !earlierLabel(context.settings, cursor.label, r.labelIds));
  const resources = await messages(context, refs, cursor.label);
  if (page.nextPageToken !== undefined) {
    return { resources, next: { ...cursor, newest, pageToken: page.nextPageToken } as PageCursor, incremental: true };
  }
  return after(context, cursor, resources, newest);
}

async function fullPage(context: Context, cursor: Extract<GmailCursor, { phase: 'full' }>): Promise<ListedPage> {
  // No backfill: only where the mailbox is now.
  if (context.settings.fullSyncLimit === 0)
    return { resources: [], state: { historyId: cursor.fresh }, incremental: true };
  const size = Math.min(PAGE_SIZE, context.settings.fullSyncLimit - cursor.taken);
  const { settings } = context;
  const url = messagesUrl(
    context.google.urls.gmailApiUrl,
    settings,
    settings.labelIds[cursor.label]!,
    size,
    cursor.pageToken,
  );
  const page = read(url, await getJson(context, url), readMessagesPage);
  const resources = await messages(
    context,
    page.ids.map((id) => ({ id })),
    cursor.label,
  );
  const taken = cursor.taken + page.ids.length;
  if (page.nextPageToken !== undefined && taken < context.settings.fullSyncLimit) {
    return { resources, next: { ...cursor, taken, pageToken: page.nextPageToken } as PageCursor, incremental: true };
  }
  return after(context, cursor, resources, cursor.fresh);
}

function cursorOf(cursor: PageCursor): GmailCursor {
  if ((cursor.phase === 'history' || cursor.phase === 'full') && typeof cursor.label === 'number') {
    return cursor as unknown as GmailCursor;
  }
  throw new SyncFetchError(`gmail-messages cannot go on from ${JSON.stringify(cursor).slice(0, 200)}`);
}

/**
 * New messages of one Gmail mailbox in the watched labels (a service account's JSON key with
 * domain-wide delegation as the secret, acting as the mailbox's user, scope gmail.readonly). A pass reads `users.history.list` (messageAdded, one
 * label at a time) from the history id the last pass kept, then `users.messages.get` for each new
 * message; the history id the mailbox had when the pass began is kept when it ends. Without one
 * (the first run), or when Gmail answers 404 because it no longer has that history (the engine then
 * discards the state and lists again), it reads the newest `fullSyncLimit` messages per label and
 * keeps `users.getProfile`'s history id taken before.
 * A message is one event, `<source>.message.received`, once: its delivery id comes from its id
 * (`immutable`), labels come and go (read, archived) without making it a change, and nothing is
 * ever deleted.
 */
export const gmailMessagesConnector: SyncConnector<GmailMessagesSettings> = {
  id: 'gmail-messages',
  description: 'Gmail: new messages of one mailbox in the watched labels (service account with delegation)',
  validateSettings: gmailSettingsProblems,
  credentialProblems: googleCredentialProblems,
  parseSettings: parseGmailSettings,
  resource: () => 'message',
  verbs: { created: 'received' },
  immutable: true,
  volatileFields: () => ['labelIds'],
  // GOOGLE_GMAIL_API_URL is the operator's, not the source's: nothing of the settings is called.
  urls: () => [],

  async listPage(context: Context, cursor: PageCursor | null): Promise<ListedPage> {
    if (cursor !== null) {
      const at = cursorOf(cursor);
      return at.phase === 'history' ? historyPage(context, at) : fullPage(context, at);
    }
    const stored = context.state.historyId;
    let start: string | undefined;
    try {
      start = stored === undefined ? undefined : historyIdOf(stored, 'the stored state');
    } catch {
      start = undefined;
    }
    if (start !== undefined) return historyPage(context, { phase: 'history', label: 0, start });
    return fullPage(context, { phase: 'full', label: 0, fresh: await freshHistoryId(context), taken: 0 });
  },
};
