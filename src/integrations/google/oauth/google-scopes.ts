/** What an admin may let Switchyard read, as the dashboard names them, and Google's scope for each. */
export const GOOGLE_DATA_SCOPES = {
  'calendar.readonly': 'https://www.googleapis.com/auth/calendar.readonly',
  'gmail.readonly': 'https://www.googleapis.com/auth/gmail.readonly',
} as const;

export type GoogleDataScope = keyof typeof GOOGLE_DATA_SCOPES;

export const GOOGLE_DATA_SCOPE_DESCRIPTIONS: Record<GoogleDataScope, string> = {
  'calendar.readonly': 'read calendars and their events (Calendar sync sources)',
  'gmail.readonly': 'read mail and its history (Gmail sync sources)',
};

/** Asked with every connection: which account consented (userinfo's `sub` and `email`). */
export const IDENTITY_SCOPES = ['openid', 'email'] as const;

export const isGoogleDataScope = (value: unknown): value is GoogleDataScope =>
  typeof value === 'string' && Object.hasOwn(GOOGLE_DATA_SCOPES, value);

/** Google's scope URL → the short name, for scopes Switchyard asks for; other scopes as Google wrote them. */
export const shortScopeName = (scope: string): string =>
  Object.entries(GOOGLE_DATA_SCOPES).find(([, url]) => url === scope)?.[0] ?? scope;
