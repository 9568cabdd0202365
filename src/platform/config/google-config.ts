import type { Environment } from './environment';

export const DEFAULT_GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';
export const DEFAULT_GOOGLE_CALENDAR_API_URL = 'https://www.googleapis.com/calendar/v3';
export const DEFAULT_GOOGLE_GMAIL_API_URL = 'https://gmail.googleapis.com';

/** Google's endpoints (src/integrations/google): each configurable, so tests and proxies can stand in. */
export interface GoogleSettings {
  /** OAuth 2.0 token endpoint; also the `aud` of service account assertions. */
  tokenUrl: string;
  /** Calendar API v3 base (events.list, events.watch, channels.stop). */
  calendarApiUrl: string;
  /** Gmail API origin (`/gmail/v1/users/…`: history, messages, watch, stop, profile). */
  gmailApiUrl: string;
}

const trimmed = (url: string) => url.replace(/\/+$/, '');

export function readGoogleConfig(env: Environment): GoogleSettings {
  return {
    tokenUrl: env.GOOGLE_TOKEN_URL ?? DEFAULT_GOOGLE_TOKEN_URL,
    calendarApiUrl: trimmed(env.GOOGLE_CALENDAR_API_URL ?? DEFAULT_GOOGLE_CALENDAR_API_URL),
    gmailApiUrl: trimmed(env.GOOGLE_GMAIL_API_URL ?? DEFAULT_GOOGLE_GMAIL_API_URL),
  };
}
