export const CALENDAR_SCOPE = 'https://www.googleapis.com/auth/calendar.events.readonly';
/** Google's default page size for events.list; at most MAX_RESULTS. */
export const DEFAULT_MAX_RESULTS = 250;
export const MAX_RESULTS = 2500;

export interface GoogleCalendarSettings {
  /** The calendar's id (`primary`, `team@example.org`, `…@group.calendar.google.com`). */
  calendarId: string;
  /** The Workspace user the service account acts as (domain-wide delegation). */
  subject?: string;
  /** events.list's maxResults (1-2500). */
  maxResults: number;
  /** Recurring events expanded into their instances (events.list `singleEvents`). */
  singleEvents: boolean;
  /** The `gcal` webhook source this calendar's push notifications arrive at (a watch channel points there). */
  pushSource?: string;
}

const KNOWN = ['calendarId', 'subject', 'maxResults', 'singleEvents', 'pushSource'];
const EMAIL = /^[^\s@]{1,200}@[^\s@]{1,200}$/;
const SLUG = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/** What is wrong with a google-calendar source's settings, one sentence each. */
export function googleCalendarSettingsProblems(settings: Record<string, unknown>): string[] {
  const problems = Object.keys(settings)
    .filter((key) => !KNOWN.includes(key))
    .map((key) => `google-calendar has no setting "${key}"; its settings: ${KNOWN.join(', ')}`);
  const { calendarId, subject, maxResults, singleEvents, pushSource } = settings;
  if (typeof calendarId !== 'string' || calendarId.trim() === '' || calendarId.length > 1024 || /\s/.test(calendarId)) {
    problems.push('calendarId is required: the calendar\'s id, such as "primary" or "team@example.org"');
  }
  if (subject !== undefined && (typeof subject !== 'string' || !EMAIL.test(subject))) {
    problems.push('subject must be the e-mail address of the Workspace user the service account acts as');
  }
  if (
    maxResults !== undefined &&
    !(typeof maxResults === 'number' && Number.isInteger(maxResults) && maxResults >= 1 && maxResults <= MAX_RESULTS)
  ) {
    problems.push(`maxResults must be a whole number from 1 to ${MAX_RESULTS} (Google's limit)`);
  }
  if (singleEvents !== undefined && typeof singleEvents !== 'boolean') {
    problems.push('singleEvents must be true or false');
  }
  if (pushSource !== undefined && (typeof pushSource !== 'string' || !SLUG.test(pushSource))) {
    problems.push('pushSource must be the slug of a gcal webhook source');
  }
  return problems;
}

/** The settings with their defaults; only after googleCalendarSettingsProblems found nothing. */
export const parseGoogleCalendarSettings = (settings: Record<string, unknown>): GoogleCalendarSettings => ({
  calendarId: settings.calendarId as string,
  subject: settings.subject as string | undefined,
  maxResults: (settings.maxResults as number | undefined) ?? DEFAULT_MAX_RESULTS,
  singleEvents: (settings.singleEvents as boolean | undefined) ?? false,
  pushSource: settings.pushSource as string | undefined,
});
