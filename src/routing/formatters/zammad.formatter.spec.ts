import type { FormattableEvent } from './event-message';
import { formatEvent } from './format-event';

const zammad = (type: string, payload: unknown, description = ''): FormattableEvent => ({
  id: 'e1',
  source: 'helpdesk',
  type,
  providerType: 'Notify Discord',
  description,
  payload,
});

const ticket = {
  id: 81,
  number: '10081',
  title: 'Refund for order 42',
  group: { id: 3, name: 'Billing' },
  state: 'open',
  updated_by: { firstname: 'Emma' },
};
const settings = { zammadUrl: 'https://support.example.com' };
const link = '[\\#10081 Refund for order 42](<https://support.example.com/#ticket/zoom/81>)';

describe('Zammad messages', () => {
  it.each([
    ['zammad.ticket.created', { firstname: 'Emily' }, `Emily opened ticket ${link}`],
    ['zammad.ticket.internal_note', { firstname: 'Emma' }, `Emma added an internal note to ticket ${link}`],
    ['zammad.ticket.customer_message', { firstname: 'Emily' }, `Emily (customer) wrote on ticket ${link}`],
    ['zammad.ticket.agent_reply', { firstname: 'Jacob' }, `Jacob replied on ticket ${link}`],
  ])('%s names the article’s author and links the ticket', (type, author, sentence) => {
    const text = formatEvent(zammad(type, { ticket, article: { sender: 'Agent', created_by: author } }), settings);
    expect(text).toBe(`🎫 **Billing**: ${sentence} (state: open)`);
  });

  it('names whoever updated the ticket when there is no article', () => {
    expect(formatEvent(zammad('zammad.ticket.updated', { ticket, article: {} }), settings)).toBe(
      `🎫 **Billing**: Emma updated ticket ${link} (state: open)`,
    );
  });

  it('links nothing without ZAMMAD_URL, escapes outside text, and reads a nested state', () => {
    const odd = {
      ...ticket,
      title: 'Refund *now* @everyone',
      group: { name: 'Billing_EU' },
      state: { name: 'pending reminder' },
    };
    expect(formatEvent(zammad('zammad.ticket.updated', { ticket: odd }))).toBe(
      '🎫 **Billing\\_EU**: Emma updated ticket \\#10081 Refund \\*now\\* @\u200beveryone (state: pending reminder)',
    );
  });

  it('reads a ticket number sent as a number', () => {
    expect(formatEvent(zammad('zammad.ticket.updated', { ticket: { ...ticket, number: 10081 } }), settings)).toBe(
      `🎫 **Billing**: Emma updated ticket ${link} (state: open)`,
    );
  });

  it('never links an id that is not a number', () => {
    const text = formatEvent(zammad('zammad.ticket.updated', { ticket: { ...ticket, id: '81/../admin' } }), settings);
    expect(text).not.toContain('](');
  });

  it('says someone for a payload without names, and leaves unsupported payloads to the generic line', () => {
    expect(formatEvent(zammad('zammad.ticket.updated', { ticket: { id: 5 } }), settings)).toBe(
      '🎫 Someone updated ticket [without a number](<https://support.example.com/#ticket/zoom/5>)',
    );
    expect(
      formatEvent(
        zammad('zammad.unsupported', { ticket }, 'Unsupported Zammad payload (#10081): the article has no sender'),
      ),
    ).toBe(
      '📨 **zammad.unsupported** from helpdesk: Unsupported Zammad payload \\(\\#10081\\): the article has no sender',
    );
  });
});
