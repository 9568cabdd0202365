import type { ConnectorContext } from '../sync-connector';
import type { GmailMessagesSettings } from './gmail-messages-settings';

/** Read-only Gmail: what the service account's client id is granted under domain-wide delegation. */
export const GMAIL_SCOPE = 'https://www.googleapis.com/auth/gmail.readonly';

/** The bearer token Gmail is called with: the source's service account acting as the mailbox's user. */
export function gmailAccessToken(context: ConnectorContext<GmailMessagesSettings>): Promise<string> {
  return context.google.accessToken([GMAIL_SCOPE], context.settings.mailbox);
}
