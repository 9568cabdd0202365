import { GoogleAccessError } from './google-access-error';

/** The fields of a service account's JSON key (IAM → Service accounts → Keys) that signing needs. */
export interface ServiceAccountKey {
  type: 'service_account';
  clientEmail: string;
  privateKeyId?: string;
  /** PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`). */
  privateKey: string;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Reads a key as Google downloads it; what is missing is said without quoting the key. */
export function readServiceAccountKey(json: Record<string, unknown>): ServiceAccountKey {
  const { client_email: clientEmail, private_key: privateKey, private_key_id: privateKeyId } = json;
  if (typeof clientEmail !== 'string' || !clientEmail.includes('@')) {
    throw new GoogleAccessError('the service account key has no client_email', { credentials: true });
  }
  if (typeof privateKey !== 'string' || !privateKey.includes('PRIVATE KEY')) {
    throw new GoogleAccessError(`the service account key of ${clientEmail} has no PEM private_key`, {
      credentials: true,
    });
  }
  return {
    type: 'service_account',
    clientEmail,
    privateKey,
    privateKeyId: typeof privateKeyId === 'string' && privateKeyId !== '' ? privateKeyId : undefined,
  };
}

/** The credential JSON a Google source stores (sealed); its `type` says how it becomes a token. */
export function readCredentialJson(credential: string | undefined): Record<string, unknown> & { type: string } {
  if (credential === undefined) {
    throw new GoogleAccessError(
      'no credential: give the source a Google credential (a service account JSON key) as its secret',
      { credentials: true },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(credential);
  } catch {
    throw new GoogleAccessError('the credential is not JSON (a service account JSON key was expected)', {
      credentials: true,
    });
  }
  if (!isObject(json) || typeof json.type !== 'string') {
    throw new GoogleAccessError('the credential JSON has no "type" (such as "service_account")', {
      credentials: true,
    });
  }
  return json as Record<string, unknown> & { type: string };
}
