import { GoogleAccessError } from '../../../integrations/google/access/google-access-error';
import { readCredentialJson, readServiceAccountKey } from '../../../integrations/google/access/service-account-key';

/**
 * A Google source's secret must be a credential's JSON with a `type`; a service account key must
 * name its account and hold a PEM private key. Whether Google accepts it shows at the first run.
 */
export function googleCredentialProblems(credential: string): string[] {
  try {
    const json = readCredentialJson(credential);
    if (json.type === 'service_account') readServiceAccountKey(json);
    return [];
  } catch (error) {
    if (error instanceof GoogleAccessError) return [error.message];
    throw error;
  }
}
