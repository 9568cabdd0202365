import { GoogleAccessError } from './google-access-error';
import { readOAuthAccountId } from './oauth-account-tokens';
import { readCredentialJson, readServiceAccountKey } from './service-account-key';

/**
 * A Google source's secret must be a credential's JSON with a `type`: a service account key must
 * name its account and hold a PEM private key; a connected account must name its `accountId`.
 * Whether Google accepts it shows at the first run.
 */
export function googleCredentialProblems(credential: string): string[] {
  try {
    const json = readCredentialJson(credential);
    if (json.type === 'service_account') readServiceAccountKey(json);
    if (json.type === 'oauth_account') readOAuthAccountId(json);
    return [];
  } catch (error) {
    if (error instanceof GoogleAccessError) return [error.message];
    throw error;
  }
}
