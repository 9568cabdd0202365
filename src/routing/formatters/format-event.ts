import type { FormattableEvent, Formatter, FormatSettings } from './event-message';
import { formatGithub } from './github.formatter';
import { escapeMarkdown } from './markdown';
import { formatZammad } from './zammad.formatter';

/** Built-in formatters by provider; one that returns undefined falls through to the generic line. */
const BY_PROVIDER: Record<string, (event: FormattableEvent, settings: FormatSettings) => string | undefined> = {
  github: formatGithub,
  zammad: formatZammad,
};

/** The generic line: never fails, whatever the payload's shape. */
export const formatGeneric: Formatter = (event) =>
  `📨 **${escapeMarkdown(event.type)}** from ${escapeMarkdown(event.source)}: ${escapeMarkdown(event.description || '(no description)')}`;

export function formatEvent(event: FormattableEvent, settings: FormatSettings = {}): string {
  const provider = event.type.split('.')[0] ?? '';
  return BY_PROVIDER[provider]?.(event, settings) ?? formatGeneric(event);
}
