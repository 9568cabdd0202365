import type { FormatSettings, FormattableEvent } from '../formatters/event-message';
import { formatEvent, formatGeneric } from '../formatters/format-event';
import { at } from '../formatters/markdown';
import { renderTemplate } from '../templates/liquid-engine';

/** What a `discord.post` rule says about its message: a stored template's name, or inline Liquid. */
export interface MessageChoice {
  template?: string;
  text?: string;
}

/**
 * The message text for one event: the rule's inline Liquid `text`, else its stored template, else
 * the built-in formatter (also when `template` names a built-in one). Liquid sees `event`,
 * `payload`, `extra` (enrichment, also at `payload.extra`) and `builtin` (the built-in message,
 * already escaped: `{{ builtin | raw }}`).
 * An empty result means "post nothing", so a template can filter with `{% if %}`.
 */
export async function renderMessage(
  event: FormattableEvent,
  choice: MessageChoice,
  storedTemplates: ReadonlyMap<string, string>,
  settings: FormatSettings = {},
): Promise<string> {
  const builtin = choice.template === 'generic' ? formatGeneric(event) : formatEvent(event, settings);
  const body = choice.text ?? (choice.template ? storedTemplates.get(choice.template) : undefined);
  if (body === undefined) return builtin;
  const { id, source, type, providerType, description } = event;
  const rendered = await renderTemplate(body, {
    event: { id, source, type, providerType, description },
    payload: event.payload,
    extra: at(event.payload, 'extra') ?? null,
    builtin,
  });
  return rendered.trim();
}
