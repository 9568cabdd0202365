import { field, oneLine, str } from '../event-text';

/** What a Zammad trigger delivery reports, inferred from its `{ticket, article}` shape. */
export type ZammadEventKind = 'created' | 'internal_note' | 'customer_message' | 'agent_reply' | 'updated';

export type ZammadInference = { kind: ZammadEventKind } | { unsupported: string };

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Zammad triggers send `{ticket, article}` and never say what happened, so it is inferred, first
 * match wins: an article on a ticket with exactly one article is the ticket's creation; then an
 * internal article is a note; then the article's sender (Customer, Agent) tells a message from a
 * reply; no article at all (`{}`, null or absent) is a ticket update. Anything else is kept but
 * unsupported, with the reason.
 */
export function inferZammadEvent(payload: Record<string, unknown>): ZammadInference {
  const { ticket, article } = payload;
  if (!isObject(ticket)) return { unsupported: 'the payload has no "ticket" object (a customised webhook payload?)' };
  const hasArticle = isObject(article) && Object.keys(article).length > 0;
  if (!hasArticle) {
    return article === undefined || article === null || isObject(article)
      ? { kind: 'updated' }
      : { unsupported: `"article" is ${Array.isArray(article) ? 'an array' : `a ${typeof article}`}, not an object` };
  }
  if (ticket.article_count === 1) return { kind: 'created' };
  if (article.internal === true) return { kind: 'internal_note' };
  if (article.sender === 'Customer') return { kind: 'customer_message' };
  if (article.sender === 'Agent') return { kind: 'agent_reply' };
  const sender = str(article.sender);
  return {
    unsupported: sender
      ? `the article's sender is "${oneLine(sender, 40)}", neither Customer nor Agent`
      : 'the article has no sender',
  };
}

export const zammadEventType = (inference: ZammadInference): string =>
  'kind' in inference ? `zammad.ticket.${inference.kind}` : 'zammad.unsupported';

/** Who acted: the article's author for an article, else whoever last updated the ticket. */
export function zammadActor(payload: unknown): string | undefined {
  const author = field(field(payload, 'article'), 'created_by');
  const updater = field(field(payload, 'ticket'), 'updated_by');
  return str(field(author, 'firstname')) ?? str(field(updater, 'firstname'));
}

/** `Zammad #10081 agent reply by Emma in Service Desk: Printer on fire` — for logs and lists. */
export function describeZammadEvent(inference: ZammadInference, payload: Record<string, unknown>): string {
  const raw = field(payload.ticket, 'number');
  const number = typeof raw === 'number' ? String(raw) : str(raw);
  const ticket = number ? `#${number}` : 'ticket';
  if ('unsupported' in inference) return oneLine(`Unsupported Zammad payload (${ticket}): ${inference.unsupported}`);
  const group = str(field(field(payload.ticket, 'group'), 'name'));
  const title = str(field(payload.ticket, 'title'));
  const who = zammadActor(payload);
  return oneLine(
    [`Zammad ${ticket} ${inference.kind.replace(/_/g, ' ')}`, who && `by ${who}`, group && `in ${group}`]
      .filter(Boolean)
      .join(' ') + (title ? `: ${oneLine(title, 100)}` : ''),
  );
}
