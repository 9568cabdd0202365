import { createHmac, randomBytes } from 'node:crypto';
import { IncomingDelivery, MalformedDeliveryError } from '../webhook-provider';
import { StandardWebhooksProvider } from './standard-webhooks.provider';

const provider = new StandardWebhooksProvider();
const source = (secrets: string[], settings: Record<string, unknown> = {}) => ({ slug: 'billing', secrets, settings });
const now = new Date('2025-03-04T10:00:00Z');
const nowSeconds = String(now.getTime() / 1000);
const SECRET = `whsec_${randomBytes(24).toString('base64')}`;
const body = JSON.stringify({
  type: 'invoice.paid',
  timestamp: '2025-03-04T09:59:58Z',
  data: { id: 'in_1Q2w3E', amount: 4200 },
});

/** The spec's signature: base64 HMAC-SHA256(base64-decoded secret, `${id}.${timestamp}.${body}`). */
const sign = (secret: string, id: string, timestamp: string, payload = body) =>
  createHmac('sha256', Buffer.from(secret.replace(/^whsec_/, ''), 'base64'))
    .update(`${id}.${timestamp}.${payload}`)
    .digest('base64');

function delivery(headers: Record<string, string>, payload = body, receivedAt = now): IncomingDelivery {
  return {
    method: 'POST',
    url: '/webhooks/billing',
    headers: { 'content-type': 'application/json', ...headers },
    body: Buffer.from(payload),
    receivedAt,
  };
}

const signed = (secret: string, timestamp = nowSeconds, id = 'msg_2mZ9oA1') => ({
  'webhook-id': id,
  'webhook-timestamp': timestamp,
  'webhook-signature': `v1,${sign(secret, id, timestamp)}`,
});

describe('StandardWebhooksProvider', () => {
  it("accepts the specification's published example", () => {
    const example = delivery(
      {
        'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
        'webhook-timestamp': '1614265330',
        'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
      },
      '{"test": 2432232314}',
      new Date(1614265330_000),
    );
    expect(provider.verify(example, source(['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw']))).toEqual({
      ok: true,
      method: 'standard-webhooks-v1',
      secretIndex: 0,
    });
  });

  it('accepts a secret without the whsec_ prefix and Svix header names', () => {
    const bare = SECRET.slice(6);
    const timestamp = nowSeconds;
    const headers = {
      'svix-id': 'msg_1',
      'svix-timestamp': timestamp,
      'svix-signature': `v1,${sign(bare, 'msg_1', timestamp)}`,
    };
    expect(provider.verify(delivery(headers), source([bare]))).toMatchObject({ ok: true });
  });

  it('accepts any one of several listed signatures, and the rotated secret', () => {
    const headers = signed('whsec_' + randomBytes(24).toString('base64'));
    const both = {
      ...headers,
      'webhook-signature': `v1a,ignored ${headers['webhook-signature']} v1,${sign(SECRET, 'msg_2mZ9oA1', nowSeconds)}`,
    };
    expect(provider.verify(delivery(both), source([SECRET]))).toMatchObject({ ok: true, secretIndex: 0 });
    const rotated = `whsec_${randomBytes(24).toString('base64')}`;
    expect(provider.verify(delivery(signed(SECRET)), source([rotated, SECRET]))).toMatchObject({
      ok: true,
      secretIndex: 1,
    });
  });

  it.each([
    ['a tampered body', delivery(signed(SECRET), body.replace('4200', '1'))],
    ['a wrong secret', delivery(signed(`whsec_${randomBytes(24).toString('base64')}`))],
    ['a changed id', delivery({ ...signed(SECRET), 'webhook-id': 'msg_other' })],
  ])('refuses %s', (_what, sent) => {
    expect(provider.verify(sent, source([SECRET]))).toEqual({
      ok: false,
      reason: 'webhook-signature has no signature matching the body for any configured secret',
    });
  });

  it.each([
    [String(now.getTime() / 1000 - 301), 'stale timestamp: webhook-timestamp is 301 s old; at most 300 s is accepted'],
    [
      String(now.getTime() / 1000 + 400),
      'stale timestamp: webhook-timestamp is 400 s in the future; at most 300 s is accepted',
    ],
  ])('refuses a correctly signed delivery stamped %s', (timestamp, reason) => {
    expect(provider.verify(delivery(signed(SECRET, timestamp)), source([SECRET]))).toEqual({ ok: false, reason });
  });

  it.each([
    [{}, 'Missing webhook-id header'],
    [{ 'webhook-id': 'm' }, 'Missing webhook-timestamp header'],
    [{ 'webhook-id': 'm', 'webhook-timestamp': '1' }, 'Missing webhook-signature header'],
    [
      { 'webhook-id': 'm', 'webhook-timestamp': 'soon', 'webhook-signature': 'v1,x' },
      'webhook-timestamp is not a time in seconds',
    ],
    [
      { 'webhook-id': 'm', 'webhook-timestamp': nowSeconds, 'webhook-signature': 'v1a,abc' },
      'webhook-signature has no v1,<base64> entry',
    ],
  ])('refuses incomplete headers %j', (headers, reason) => {
    expect(provider.verify(delivery(headers), source([SECRET]))).toEqual({ ok: false, reason });
  });

  it('takes the delivery id from webhook-id and the event type from the payload', () => {
    expect(provider.parse(delivery(signed(SECRET)), source([SECRET]))).toEqual([
      {
        deliveryId: 'msg_2mZ9oA1',
        eventType: 'standard-webhooks.invoice.paid',
        providerEventType: 'invoice.paid',
        body,
        description: 'standard-webhooks: invoice.paid in_1Q2w3E',
      },
    ]);
    const [svix] = provider.parse(delivery(signed(SECRET)), source([SECRET], { eventPrefix: 'svix' }));
    expect(svix).toMatchObject({ eventType: 'svix.invoice.paid', description: 'svix: invoice.paid in_1Q2w3E' });
    const [camel] = provider.parse(delivery(signed(SECRET), '{"type":"Payment.Succeeded"}'), source([SECRET]));
    expect(camel!.eventType).toBe('standard-webhooks.payment.succeeded');
  });

  it('refuses a payload without a type', () => {
    expect(() => provider.parse(delivery(signed(SECRET), '{"data":{}}'), source([]))).toThrow(
      new MalformedDeliveryError('The payload has no "type"'),
    );
  });

  it('validates its settings', () => {
    expect(provider.validateSettings({ eventPrefix: 'svix' })).toEqual([]);
    expect(provider.validateSettings({ eventPrefix: 'Svix!' })).toEqual([
      'eventPrefix must be lower-case letters, digits, - or _ (starting with a letter, at most 40), e.g. svix',
    ]);
  });
});
