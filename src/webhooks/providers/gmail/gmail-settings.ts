export const GOOGLE_JWKS_URL = 'https://www.googleapis.com/oauth2/v3/certs';

export interface GmailSettings {
  audience: string;
  serviceAccountEmail: string;
  jwksUrl: string;
}

const isHttpUrl = (value: string): boolean => {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
};

/** The settings of a Gmail (Pub/Sub push) source, or every problem with them. */
export function readGmailSettings(
  settings: Readonly<Record<string, unknown>>,
): { settings: GmailSettings; problems: [] } | { settings?: undefined; problems: string[] } {
  const { audience, serviceAccountEmail, jwksUrl } = settings;
  const problems: string[] = [];
  if (typeof audience !== 'string' || audience.trim() === '') {
    problems.push('audience is required: the audience set on the Pub/Sub push subscription (by default its push URL)');
  }
  if (typeof serviceAccountEmail !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(serviceAccountEmail)) {
    problems.push('serviceAccountEmail is required: the service account email the push subscription authenticates as');
  }
  if (jwksUrl !== undefined && (typeof jwksUrl !== 'string' || !isHttpUrl(jwksUrl))) {
    problems.push(`jwksUrl must be an http(s) URL (default ${GOOGLE_JWKS_URL})`);
  }
  if (problems.length > 0) return { problems };
  return {
    problems: [],
    settings: {
      audience: audience as string,
      serviceAccountEmail: serviceAccountEmail as string,
      jwksUrl: (jwksUrl as string | undefined) ?? GOOGLE_JWKS_URL,
    },
  };
}
