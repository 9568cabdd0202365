import type { FormattableEvent, FormatSettings } from './event-message';
import { at, escapeMarkdown, link, text } from './markdown';

/** What the actor did, by inferred event type (see the Zammad provider). */
const DID: Record<string, string> = {
  'zammad.ticket.created': 'opened ticket',
  'zammad.ticket.internal_note': 'added an internal note to ticket',
  'zammad.ticket.customer_message': '(customer) wrote on ticket',
  'zammad.ticket.agent_reply': 'replied on ticket',
  'zammad.ticket.updated': 'updated ticket',
};

/** `<ZAMMAD_URL>/#ticket/zoom/<id>`, when both are known. */
function ticketUrl(payload: unknown, settings: FormatSettings): string | undefined {
  const id = at(payload, 'ticket.id');
  const valid = (typeof id === 'number' && Number.isInteger(id)) || (typeof id === 'string' && /^\d+$/.test(id));
  return settings.zammadUrl && valid ? `${settings.zammadUrl}/#ticket/zoom/${String(id)}` : undefined;
}

/**
 * `🎫 **Billing**: Emma replied on ticket [#10081 Refund for order 42](<…/#ticket/zoom/81>) (state: open)`.
 * The actor is the article's author, or whoever last updated the ticket. Unsupported payloads
 * fall through to the generic line, which carries the reason.
 */
export function formatZammad(event: FormattableEvent, settings: FormatSettings = {}): string | undefined {
  const did = DID[event.type];
  if (!did) return undefined;
  const p = event.payload;
  const who = text(at(p, 'article.created_by.firstname')) ?? text(at(p, 'ticket.updated_by.firstname')) ?? 'Someone';
  const raw = at(p, 'ticket.number');
  const number = typeof raw === 'number' ? String(raw) : text(raw);
  const title = text(at(p, 'ticket.title'));
  const label = [number && `#${number}`, title].filter(Boolean).join(' ') || 'without a number';
  const group = text(at(p, 'ticket.group.name')) ?? text(at(p, 'ticket.group'));
  // The default payload names the state ("open"); older ones nest it as an object.
  const state = text(at(p, 'ticket.state')) ?? text(at(p, 'ticket.state.name'));
  return [
    '🎫',
    group ? `**${escapeMarkdown(group)}**:` : undefined,
    escapeMarkdown(who),
    did,
    link(label, ticketUrl(p, settings)),
    state ? `(state: ${escapeMarkdown(state)})` : undefined,
  ]
    .filter(Boolean)
    .join(' ');
}
