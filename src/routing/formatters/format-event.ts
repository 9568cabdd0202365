import type { FormattableEvent, Formatter, FormatSettings } from './event-message';
import { formatEspocrm } from './espocrm.formatter';
import { formatGcal } from './gcal.formatter';
import { formatGithub } from './github.formatter';
import { formatHubspot } from './hubspot.formatter';
import { escapeMarkdown } from './markdown';
import { formatZammad } from './zammad.formatter';

/** Built-in formatters by provider; one that returns undefined falls through to the generic line. */
const BY_PROVIDER: Record<string, (event: FormattableEvent, settings: FormatSettings) => string | undefined> = {
  github: formatGithub,
  hubspot: formatHubspot,
  espocrm: formatEspocrm,
  gcal: formatGcal,
  zammad: formatZammad,
};

/** The generic line: never fails, whatever the payload's shape. */
export const formatGeneric: Formatter = (event) =>
  `📨 **${escapeMarkdown(event.type)}** from ${escapeMarkdown(event.source)}: ${escapeMarkdown(event.description || '(no description)')}`;

/**
 * Names a rule's `template=` may use without a stored template of that name: `generic`, or a
 * provider with a built-in formatter, alone or with an event (`github`, `github.pull_request`).
 */
export function isBuiltInTemplate(name: string): boolean {
  const provider = name.split('.')[0] ?? '';
  return name === 'generic' || Object.hasOwn(BY_PROVIDER, provider);
}

export const BUILT_IN_TEMPLATE_NAMES = ['generic', ...Object.keys(BY_PROVIDER)];

export function formatEvent(event: FormattableEvent, settings: FormatSettings = {}): string {
  const provider = event.type.split('.')[0] ?? '';
  return BY_PROVIDER[provider]?.(event, settings) ?? formatGeneric(event);
}
