import { BadRequestException } from '@nestjs/common';
import type { ParsedEvent } from '../providers/webhook-provider';
import { assertStorable } from './storable';

const event = (overrides: Partial<ParsedEvent> = {}): ParsedEvent => ({
  deliveryId: 'd-1',
  eventType: 'gmail.message.received',
  providerEventType: 'pubsub.push',
  body: JSON.stringify({ emailAddress: 'ops\u0000@acme.example' }),
  description: 'Gmail ops@acme.example: mailbox changed',
  ...overrides,
});

describe('assertStorable', () => {
  it('keeps a body with \\u0000 escapes as it is: text holds the escape', () => {
    const events = [event()];
    expect(() => assertStorable(events)).not.toThrow();
    expect(events[0]!.body).toBe('{"emailAddress":"ops\\u0000@acme.example"}');
  });

  it('refuses U+0000 in an id or a type, naming the field and the event', () => {
    expect(() => assertStorable([event({ deliveryId: '2070\u0000' })])).toThrow(
      new BadRequestException(
        'The delivery id of the delivery contains the character U+0000 (NUL), which cannot be stored',
      ),
    );
    expect(() => assertStorable([event(), event({ providerEventType: 'contact\u0000.creation' })])).toThrow(
      'The event type of event 1 of the delivery contains the character U+0000 (NUL), which cannot be stored',
    );
    expect(() => assertStorable([event({ body: 'raw \u0000 byte' })])).toThrow(/The body of the delivery/);
  });

  it('shows U+0000 in a description as U+FFFD', () => {
    const events = [event({ description: 'a\u0000b' })];
    assertStorable(events);
    expect(events[0]!.description).toBe('a\uFFFDb');
  });
});
