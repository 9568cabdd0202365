/** How Switchyard talks to EspoCRM (from ESPO_* variables). */
export interface EspoSettings {
  /** The API root, always ending in `/api/v1` (added when ESPO_BASE_URL lacks it). */
  baseUrl: string;
  apiKey: string;
  /** One request, from sending to the last byte. */
  timeoutMs: number;
  /** Tries per request when EspoCRM answers 429 or 5xx or cannot be reached. */
  maxAttempts: number;
  /** First backoff; doubles per retry (with jitter), capped at 30 s. */
  retryBaseMs: number;
  /** A Retry-After longer than this is not waited for: the request fails at once, with the reason. */
  retryAfterMaxMs: number;
}

/** `https://crm.example.org` and `https://crm.example.org/api/v1/` both become `…/api/v1`. */
export function espoApiRoot(baseUrl: string): string {
  const trimmed = baseUrl.replace(/\/+$/, '');
  return /\/api\/v1$/.test(trimmed) ? trimmed : `${trimmed}/api/v1`;
}
