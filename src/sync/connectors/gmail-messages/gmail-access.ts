import { SyncFetchError } from '../../http/sync-fetch-error';
import type { ConnectorContext } from '../sync-connector';
import type { GmailMessagesSettings } from './gmail-messages-settings';

/** Read-only Gmail: what the service account's client id is granted under domain-wide delegation. */
export const GMAIL_SCOPE = 'https://www.googleapis.com/auth/gmail.readonly';

/**
 * The bearer token Gmail is called with: the source's service account acting as the mailbox's
 * user; `renew`: not the cached one (Gmail refused it).
 */
export function gmailAccessToken(context: ConnectorContext<GmailMessagesSettings>, renew = false): Promise<string> {
  return context.google.accessToken([GMAIL_SCOPE], context.settings.mailbox, renew);
}

/** A 401 from Gmail: the token (revoked, or expired early) may be all that is wrong. */
export const tokenRefused = (error: unknown): boolean =>
  error instanceof SyncFetchError && error.details.credentials === true && error.details.status === 401;
