import { createHash, createHmac } from 'node:crypto';
import { IncomingDelivery, MalformedDeliveryError, UnsupportedContentTypeError } from '../webhook-provider';
import { inferZammadEvent } from './zammad-event';
import { ZammadProvider } from './zammad.provider';

const provider = new ZammadProvider();
const source = (...secrets: string[]) => ({ slug: 'helpdesk', secrets, settings: {} });

const emma = { id: 5, login: 'emma@chrispresso.com', firstname: 'Emma', lastname: 'Taylor' };
const emily = { id: 8, login: 'emily@example.com', firstname: 'Emily', lastname: 'Adams' };
/** Zammad's default trigger payload, trimmed: associations expanded, the state by name. */
const ticket = (articleCount = 3) => ({
  id: 81,
  number: '10081',
  title: 'Refund for order 42',
  group: { id: 3, name: 'Billing' },
  state: 'open',
  article_count: articleCount,
  customer: emily,
  updated_by: emma,
});
const article = (sender: string, internal = false, author = sender === 'Customer' ? emily : emma) => ({
  id: 104,
  ticket_id: 81,
  sender,
  type: internal ? 'note' : 'email',
  internal,
  body: 'Hello',
  created_by: author,
});

const body = JSON.stringify({ ticket: ticket(), article: article('Agent') });
const sign = (secret: string, payload = body) => `sha1=${createHmac('sha1', secret).update(payload).digest('hex')}`;

function delivery(headers: Record<string, string>, payload = body): IncomingDelivery {
  return {
    method: 'POST',
    url: '/webhooks/helpdesk',
    headers: {
      'content-type': 'application/json',
      'user-agent': 'Zammad User Agent',
      'x-zammad-trigger': 'Notify Discord',
      'x-zammad-delivery': '3ff2bb5c-6f39-4b8f-a41e-1a1c09f3e4c2',
      ...headers,
    },
    body: Buffer.from(payload),
    receivedAt: new Date(),
  };
}

describe('ZammadProvider', () => {
  it('verifies X-Hub-Signature (HMAC-SHA1) against each secret, upper-case hex too', () => {
    expect(provider.verify(delivery({ 'x-hub-signature': sign('token') }), source('token'))).toEqual({
      ok: true,
      method: 'hmac-sha1',
      secretIndex: 0,
    });
    expect(provider.verify(delivery({ 'x-hub-signature': sign('old') }), source('new', 'old'))).toMatchObject({
      ok: true,
      secretIndex: 1,
    });
    const upper = `sha1=${sign('token').slice(5).toUpperCase()}`;
    expect(provider.verify(delivery({ 'x-hub-signature': upper }), source('token'))).toMatchObject({ ok: true });
  });

  const mismatch = 'X-Hub-Signature does not match the body for any configured secret';
  it.each([
    ['no signature', {}, body, 'Missing X-Hub-Signature header (set the webhook’s signature token)'],
    [
      'a sha256 signature',
      { 'x-hub-signature': `sha256=${'a'.repeat(64)}` },
      body,
      'X-Hub-Signature is not of the form sha1=<40 hex digits>',
    ],
    ['a wrong secret', { 'x-hub-signature': sign('wrong') }, body, mismatch],
    ['a tampered body', { 'x-hub-signature': sign('token') }, body.replace('Refund', 'Refunds'), mismatch],
  ])('refuses %s', (_what, headers, payload, reason) => {
    expect(provider.verify(delivery(headers, payload), source('token'))).toEqual({ ok: false, reason });
  });

  it('takes the delivery id from X-Zammad-Delivery, else the body hash, and the trigger name as its own type', () => {
    expect(provider.parse(delivery({}))).toEqual([
      {
        deliveryId: '3ff2bb5c-6f39-4b8f-a41e-1a1c09f3e4c2',
        eventType: 'zammad.ticket.agent_reply',
        providerEventType: 'Notify Discord',
        body,
        description: 'Zammad #10081 agent reply by Emma in Billing: Refund for order 42',
      },
    ]);
    const [anonymous] = provider.parse(delivery({ 'x-zammad-delivery': '', 'x-zammad-trigger': '' }));
    expect(anonymous).toMatchObject({
      deliveryId: createHash('sha256').update(body).digest('hex'),
      providerEventType: 'trigger',
    });
  });

  it('refuses what is not a JSON object, and other content types', () => {
    expect(() => provider.parse(delivery({}, '[]'))).toThrow(
      new MalformedDeliveryError('The Zammad payload must be a JSON object'),
    );
    expect(() => provider.assertContentType('application/x-www-form-urlencoded')).toThrow(UnsupportedContentTypeError);
  });

  it('keeps an uninterpretable payload as zammad.unsupported with the reason', () => {
    const [event] = provider.parse(delivery({}, JSON.stringify({ ticket: ticket(), article: article('System') })));
    expect(event).toMatchObject({
      eventType: 'zammad.unsupported',
      description: 'Unsupported Zammad payload (#10081): the article\'s sender is "System", neither Customer nor Agent',
    });
  });
});

describe('inferZammadEvent', () => {
  it.each([
    ['the first article of a new ticket', { ticket: ticket(1), article: article('Customer') }, 'created'],
    ['an internal note', { ticket: ticket(), article: article('Agent', true) }, 'internal_note'],
    ['a customer message', { ticket: ticket(), article: article('Customer') }, 'customer_message'],
    ['an agent reply', { ticket: ticket(), article: article('Agent') }, 'agent_reply'],
    ['an update with an empty article', { ticket: ticket(), article: {} }, 'updated'],
    ['an update with a null article', { ticket: ticket(), article: null }, 'updated'],
    ['an update without article', { ticket: ticket() }, 'updated'],
  ])('%s', (_what, payload, kind) => {
    expect(inferZammadEvent(payload)).toEqual({ kind });
  });

  it('applies the rules in order: creation, then internal, then the sender', () => {
    // An agent opening a ticket with an internal note is still the ticket's creation.
    expect(inferZammadEvent({ ticket: ticket(1), article: article('Agent', true) })).toEqual({ kind: 'created' });
    // An internal article is a note whoever sent it, a customer too.
    expect(inferZammadEvent({ ticket: ticket(), article: article('Customer', true) })).toEqual({
      kind: 'internal_note',
    });
    // A one-article ticket without an article in the payload is an update, not a creation.
    expect(inferZammadEvent({ ticket: ticket(1), article: null })).toEqual({ kind: 'updated' });
  });

  it.each([
    ['no ticket', { article: article('Agent') }, 'the payload has no "ticket" object (a customised webhook payload?)'],
    [
      'a ticket that is text',
      { ticket: 'T#10081' },
      'the payload has no "ticket" object (a customised webhook payload?)',
    ],
    ['an article list', { ticket: ticket(), article: [article('Agent')] }, '"article" is an array, not an object'],
    ['an article that is text', { ticket: ticket(), article: 'hi' }, '"article" is a string, not an object'],
    ['an article without sender', { ticket: ticket(), article: { id: 1, body: 'x' } }, 'the article has no sender'],
    [
      'a System article',
      { ticket: ticket(), article: article('System') },
      'the article\'s sender is "System", neither Customer nor Agent',
    ],
  ])('marks %s unsupported, with the reason', (_what, payload, unsupported) => {
    expect(inferZammadEvent(payload)).toEqual({ unsupported });
  });
});
