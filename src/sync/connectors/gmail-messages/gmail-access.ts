import { SyncFetchError } from '../../http/sync-fetch-error';
import type { ConnectorContext } from '../sync-connector';
import type { GmailMessagesSettings } from './gmail-messages-settings';

/**
 * The bearer token Gmail is called with, from the source's secret.
 * TODO(google access): the service-account JWT exchange (sub = the mailbox) replaces this seam.
 */
export async function gmailAccessToken(context: ConnectorContext<GmailMessagesSettings>): Promise<string> {
  if (context.credential === undefined) {
    throw new SyncFetchError('Gmail needs a credential as the source secret', { credentials: true });
  }
  return Promise.resolve(context.credential);
}
