import { escapeMarkdown } from 'discord.js';
import { clip } from './format';

export interface ShownChange {
  field: string;
  before: string | string[] | null | undefined;
  after: string | string[] | null | undefined;
  changed: boolean;
  /** Why it was not written (a refused field). */
  error?: string;
}

/** A field's value for a line of text: lists comma-joined, nothing as "(empty)". */
export const shownValue = (value: string | string[] | null | undefined): string => {
  const text = Array.isArray(value) ? value.join(', ') : (value ?? '');
  return text === '' ? '(empty)' : escapeMarkdown(clip(text, 200));
};

/** One line per field: what it was and what EspoCRM holds now, or that it stayed as it was. */
export function changeLines(changes: ShownChange[]): string[] {
  return changes.map((change) => {
    if (change.error) return `• ${change.field}: not written (${escapeMarkdown(clip(change.error, 200))})`;
    if (!change.changed) return `• ${change.field}: unchanged (${shownValue(change.after)})`;
    return `• ${change.field}: ${shownValue(change.before)} → ${shownValue(change.after)}`;
  });
}
