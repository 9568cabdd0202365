import type { FormattableEvent } from './event-message';
import { at, escapeMarkdown, text } from './markdown';
import { calendarOf } from '../../webhooks/providers/gcal/calendar-of';

/** Google Calendar push notifications say only that something changed, in which calendar. */
export function formatGcal(event: FormattableEvent): string | undefined {
  const calendar = calendarOf(text(at(event.payload, 'resourceUri')));
  const where = calendar ? `calendar **${escapeMarkdown(calendar)}**` : 'a watched calendar';
  switch (event.providerType) {
    case 'sync':
      return `📅 Now watching ${where} for changes.`;
    case 'exists':
      return `📅 Events changed in ${where}.`;
    case 'not_exists':
      return `📅 ${where.charAt(0).toUpperCase()}${where.slice(1)} is no longer available (deleted or access removed).`;
    default:
      return undefined;
  }
}
