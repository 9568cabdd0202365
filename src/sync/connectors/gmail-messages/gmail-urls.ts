import { EVENT_HEADERS, FULL_FIELDS } from './gmail-message';
import type { GmailMessagesSettings } from './gmail-messages-settings';

/** Gmail's largest page for history and message lists. */
export const GMAIL_PAGE_SIZE = 500;

const userUrl = (settings: GmailMessagesSettings, path: string): URL =>
  new URL(
    `${settings.baseUrl.toString().replace(/\/+$/, '')}/gmail/v1/users/${encodeURIComponent(settings.mailbox)}/${path}`,
  );

export const profileUrl = (settings: GmailMessagesSettings): URL => userUrl(settings, 'profile');

export function historyUrl(settings: GmailMessagesSettings, start: string, labelId: string, pageToken?: string): URL {
  const url = userUrl(settings, 'history');
  url.searchParams.set('startHistoryId', start);
  url.searchParams.set('historyTypes', 'messageAdded');
  url.searchParams.set('labelId', labelId);
  url.searchParams.set('maxResults', String(GMAIL_PAGE_SIZE));
  if (pageToken !== undefined) url.searchParams.set('pageToken', pageToken);
  return url;
}

export function messagesUrl(settings: GmailMessagesSettings, labelId: string, size: number, pageToken?: string): URL {
  const url = userUrl(settings, 'messages');
  url.searchParams.set('labelIds', labelId);
  url.searchParams.set('maxResults', String(size));
  if (pageToken !== undefined) url.searchParams.set('pageToken', pageToken);
  return url;
}

/** One message, metadata only, or cut to names and sizes of its parts when attachment names are wanted. */
export function messageUrl(settings: GmailMessagesSettings, id: string): URL {
  const url = userUrl(settings, `messages/${encodeURIComponent(id)}`);
  if (settings.attachmentNames) {
    url.searchParams.set('format', 'full');
    url.searchParams.set('fields', FULL_FIELDS);
  } else {
    url.searchParams.set('format', 'metadata');
    for (const name of EVENT_HEADERS) url.searchParams.append('metadataHeaders', name);
  }
  return url;
}

export const watchUrl = (settings: GmailMessagesSettings): URL => userUrl(settings, 'watch');
export const stopUrl = (settings: GmailMessagesSettings): URL => userUrl(settings, 'stop');
