import { EVENT_HEADERS, FULL_FIELDS } from './gmail-message';
import type { GmailMessagesSettings } from './gmail-messages-settings';

/** Gmail's largest page for history and message lists. */
export const GMAIL_PAGE_SIZE = 500;

/** `api`: Gmail's origin (GOOGLE_GMAIL_API_URL, `https://gmail.googleapis.com`). */
const userUrl = (api: string, settings: GmailMessagesSettings, path: string): URL =>
  new URL(`${api}/gmail/v1/users/${encodeURIComponent(settings.mailbox)}/${path}`);

export const profileUrl = (api: string, settings: GmailMessagesSettings): URL => userUrl(api, settings, 'profile');

export function historyUrl(
  api: string,
  settings: GmailMessagesSettings,
  start: string,
  labelId: string,
  pageToken?: string,
): URL {
  const url = userUrl(api, settings, 'history');
  url.searchParams.set('startHistoryId', start);
  url.searchParams.set('historyTypes', 'messageAdded');
  url.searchParams.set('labelId', labelId);
  url.searchParams.set('maxResults', String(GMAIL_PAGE_SIZE));
  if (pageToken !== undefined) url.searchParams.set('pageToken', pageToken);
  return url;
}

export function messagesUrl(
  api: string,
  settings: GmailMessagesSettings,
  labelId: string,
  size: number,
  pageToken?: string,
): URL {
  const url = userUrl(api, settings, 'messages');
  url.searchParams.set('labelIds', labelId);
  url.searchParams.set('maxResults', String(size));
  if (pageToken !== undefined) url.searchParams.set('pageToken', pageToken);
  return url;
}

/** One message, metadata only, or cut to names and sizes of its parts when attachment names are wanted. */
export function messageUrl(api: string, settings: GmailMessagesSettings, id: string): URL {
  const url = userUrl(api, settings, `messages/${encodeURIComponent(id)}`);
  if (settings.attachmentNames) {
    url.searchParams.set('format', 'full');
    url.searchParams.set('fields', FULL_FIELDS);
  } else {
    url.searchParams.set('format', 'metadata');
    for (const name of EVENT_HEADERS) url.searchParams.append('metadataHeaders', name);
  }
  return url;
}

export const watchUrl = (api: string, settings: GmailMessagesSettings): URL => userUrl(api, settings, 'watch');
export const stopUrl = (api: string, settings: GmailMessagesSettings): URL => userUrl(api, settings, 'stop');
