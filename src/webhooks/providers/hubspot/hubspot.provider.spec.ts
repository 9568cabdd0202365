import { createHash, createHmac } from 'node:crypto';
import { IncomingDelivery, MalformedDeliveryError, UnsupportedContentTypeError } from '../webhook-provider';
import { decodeV3Uri } from './hubspot-signature';
import { HubspotProvider } from './hubspot.provider';

const provider = new HubspotProvider();
const source = (secrets: string[], settings: Record<string, unknown> = {}) => ({ slug: 'crm', secrets, settings });
const now = new Date('2025-03-04T10:00:00.000Z');
const body = JSON.stringify([
  {
    eventId: 1001,
    subscriptionId: 12345,
    portalId: 62515,
    appId: 54321,
    occurredAt: now.getTime() - 2000,
    subscriptionType: 'contact.creation',
    attemptNumber: 0,
    objectId: 123,
    changeSource: 'CRM',
    changeFlag: 'NEW',
  },
  {
    eventId: 1002,
    subscriptionId: 12346,
    portalId: 62515,
    appId: 54321,
    occurredAt: now.getTime() - 1000,
    subscriptionType: 'deal.propertyChange',
    attemptNumber: 0,
    objectId: 456,
    propertyName: 'dealstage',
    propertyValue: 'closedwon',
    changeSource: 'CRM',
  },
]);

/** HubSpot's v3 signature, built as its docs describe (the URI has no encoded characters here). */
const signV3 = (secret: string, uri: string, timestamp: string, payload = body) =>
  createHmac('sha256', secret).update(`POST${uri}${payload}${timestamp}`).digest('base64');

function delivery(headers: Record<string, string>, payload = body, url = '/webhooks/crm'): IncomingDelivery {
  return {
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json', host: 'hooks.example.com', ...headers },
    body: Buffer.from(payload),
    receivedAt: now,
  };
}

const v3 = (secret: string, overrides: { timestamp?: number; uri?: string; payload?: string } = {}) => {
  const timestamp = String(overrides.timestamp ?? now.getTime() - 1500);
  const uri = overrides.uri ?? 'https://hooks.example.com/webhooks/crm';
  return {
    'x-hubspot-signature-v3': signV3(secret, uri, timestamp, overrides.payload),
    'x-hubspot-request-timestamp': timestamp,
    'x-forwarded-proto': 'https',
  };
};

describe('HubspotProvider', () => {
  describe('signature v3', () => {
    it('accepts a delivery signed over method, URL rebuilt from proxy headers, body and timestamp', () => {
      expect(provider.verify(delivery(v3('app-secret')), source(['app-secret']))).toEqual({
        ok: true,
        method: 'hubspot-v3',
        secretIndex: 0,
      });
    });

    it('accepts the rotated secret, saying which one matched', () => {
      expect(provider.verify(delivery(v3('old-secret')), source(['new-secret', 'old-secret']))).toMatchObject({
        ok: true,
        secretIndex: 1,
      });
    });

    it('uses publicUrl, keeping the query string of the request', () => {
      const uri = 'https://public.example.org/hubspot?portal=62515';
      const headers = v3('app-secret', { uri });
      const settings = { publicUrl: 'https://public.example.org/hubspot' };
      const verified = provider.verify(
        delivery(headers, body, '/webhooks/crm?portal=62515'),
        source(['app-secret'], settings),
      );
      expect(verified).toMatchObject({ ok: true });
    });

    it('decodes the characters HubSpot decodes before signing', () => {
      expect(decodeV3Uri('https://h.example.com/a%3Ab%2fc?x=%40y%20z%2A')).toBe(
        'https://h.example.com/a:b/c?x=@y%20z*',
      );
      const timestamp = String(now.getTime());
      const signature = signV3('app-secret', 'https://hooks.example.com/webhooks/crm?email=a@b.com', timestamp);
      const headers = {
        'x-hubspot-signature-v3': signature,
        'x-hubspot-request-timestamp': timestamp,
        'x-forwarded-proto': 'https',
      };
      const sent = delivery(headers, body, '/webhooks/crm?email=a%40b.com');
      expect(provider.verify(sent, source(['app-secret']))).toMatchObject({ ok: true });
    });

    it.each([
      ['a tampered body', delivery(v3('app-secret'), body.replace('closedwon', 'closedlost'))],
      ['a wrong secret', delivery(v3('someone-else'))],
      ['another host', delivery({ ...v3('app-secret'), 'x-forwarded-host': 'evil.example.net' })],
    ])('refuses %s', (_what, sent) => {
      expect(provider.verify(sent, source(['app-secret']))).toEqual({
        ok: false,
        reason: expect.stringContaining('X-HubSpot-Signature-v3 does not match') as unknown,
      });
    });

    it.each([
      [
        now.getTime() - 5 * 60_000 - 1000,
        'stale timestamp: X-HubSpot-Request-Timestamp is 301 s old; at most 300 s is accepted',
      ],
      [
        now.getTime() + 6 * 60_000,
        'stale timestamp: X-HubSpot-Request-Timestamp is 360 s in the future; at most 300 s is accepted',
      ],
    ])('refuses a correctly signed delivery with timestamp %d', (timestamp, reason) => {
      expect(provider.verify(delivery(v3('app-secret', { timestamp })), source(['app-secret']))).toEqual({
        ok: false,
        reason,
      });
    });

    it('accepts the edge of the 5-minute window', () => {
      const sent = delivery(v3('app-secret', { timestamp: now.getTime() - 5 * 60_000 }));
      expect(provider.verify(sent, source(['app-secret']))).toMatchObject({ ok: true });
    });

    it.each([
      [{ 'x-hubspot-signature-v3': 'abc' }, 'Missing X-HubSpot-Request-Timestamp header'],
      [
        { 'x-hubspot-signature-v3': 'abc', 'x-hubspot-request-timestamp': 'yesterday' },
        'X-HubSpot-Request-Timestamp is not a time in milliseconds',
      ],
      [
        { 'x-hubspot-signature-v3': 'abc', 'x-hubspot-request-timestamp': String(now.getTime()) },
        'X-HubSpot-Signature-v3 is not a base64 SHA-256 HMAC',
      ],
      [
        {},
        'Missing X-HubSpot-Signature-v3 header (v1 and v2 signatures carry no timestamp and can be replayed; a source accepts them only with allowLegacySignatures: true)',
      ],
    ])('refuses malformed headers %j', (headers, reason) => {
      expect(provider.verify(delivery(headers), source(['app-secret']))).toEqual({ ok: false, reason });
    });
  });

  describe('signatures v1 and v2 (allowLegacySignatures)', () => {
    const legacy = { allowLegacySignatures: true };

    // The worked examples of HubSpot's "Validating requests" guide.
    const docSecret = 'yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy';
    const docBody =
      '[{"eventId":1,"subscriptionId":12345,"portalId":62515,"occurredAt":1564113600000,"subscriptionType":"contact.creation","attemptNumber":0,"objectId":123,"changeSource":"CRM","changeFlag":"NEW","appId":54321}]';

    it('accepts the documented v1 example (SHA-256 of secret + body)', () => {
      const headers = {
        'x-hubspot-signature': '232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de',
        'x-hubspot-signature-version': 'v1',
      };
      expect(provider.verify(delivery(headers, docBody), source(['other', docSecret], legacy))).toEqual({
        ok: true,
        method: 'hubspot-v1',
        secretIndex: 1,
      });
    });

    it('accepts the documented v2 example (SHA-256 of secret + method + URI + body)', () => {
      const get: IncomingDelivery = {
        method: 'GET',
        url: '/webhook_uri',
        headers: {
          'x-hubspot-signature': 'eee2dddcc73c94d699f5e395f4b9d454a069a6855fbfa152e91e88823087200e',
          'x-hubspot-signature-version': 'v2',
        },
        body: Buffer.alloc(0),
        receivedAt: now,
      };
      const settings = { publicUrl: 'https://www.example.com/webhook_uri', ...legacy };
      expect(provider.verify(get, source([docSecret], settings))).toMatchObject({ ok: true, method: 'hubspot-v2' });
    });

    it('accepts a v2 POST with the URL rebuilt from Host', () => {
      const signature = createHash('sha256')
        .update(`app-secretPOSThttp://hooks.example.com/webhooks/crm${body}`)
        .digest('hex');
      const headers = { 'x-hubspot-signature': signature, 'x-hubspot-signature-version': 'v2' };
      expect(provider.verify(delivery(headers), source(['app-secret'], legacy))).toMatchObject({ ok: true });
    });

    it('refuses a tampered body, a wrong secret and an unknown version', () => {
      const headers = {
        'x-hubspot-signature': createHash('sha256').update(`app-secret${body}`).digest('hex'),
        'x-hubspot-signature-version': 'v1',
      };
      expect(provider.verify(delivery(headers), source(['app-secret'], legacy))).toMatchObject({ ok: true });
      expect(provider.verify(delivery(headers, `${body} `), source(['app-secret'], legacy))).toEqual({
        ok: false,
        reason: 'X-HubSpot-Signature (v1) does not match the request for any configured secret',
      });
      expect(provider.verify(delivery(headers), source(['wrong'], legacy))).toMatchObject({ ok: false });
      expect(
        provider.verify(delivery({ ...headers, 'x-hubspot-signature-version': 'v9' }), source(['app-secret'], legacy)),
      ).toEqual({
        ok: false,
        reason: 'X-HubSpot-Signature-Version must be v1 or v2, not "v9"',
      });
    });

    it('refuses a valid v1 or v2 signature unless the source opts in: they carry no timestamp and can be replayed', () => {
      const v1 = {
        'x-hubspot-signature': createHash('sha256').update(`app-secret${body}`).digest('hex'),
        'x-hubspot-signature-version': 'v1',
      };
      const v2 = {
        'x-hubspot-signature': createHash('sha256')
          .update(`app-secretPOSThttp://hooks.example.com/webhooks/crm${body}`)
          .digest('hex'),
        'x-hubspot-signature-version': 'v2',
      };
      const refusal = {
        ok: false,
        reason:
          'Missing X-HubSpot-Signature-v3 header (v1 and v2 signatures carry no timestamp and can be replayed; a source accepts them only with allowLegacySignatures: true)',
      };
      for (const headers of [v1, v2]) {
        expect(provider.verify(delivery(headers), source(['app-secret']))).toEqual(refusal);
        expect(provider.verify(delivery(headers), source(['app-secret'], { requireV3: true }))).toEqual(refusal);
        expect(provider.verify(delivery(headers), source(['app-secret'], legacy))).toMatchObject({ ok: true });
      }
    });

    it('checks v3 when present, never falling back to a valid v1', () => {
      const headers = {
        ...v3('app-secret', { timestamp: now.getTime() - 10 * 60_000 }),
        'x-hubspot-signature': createHash('sha256').update(`app-secret${body}`).digest('hex'),
        'x-hubspot-signature-version': 'v1',
      };
      expect(provider.verify(delivery(headers), source(['app-secret']))).toMatchObject({ ok: false });
    });
  });

  describe('parse', () => {
    it('makes one event per element, deduplicated by eventId', () => {
      const events = provider.parse(delivery({}));
      const [first, second] = JSON.parse(body) as unknown[];
      expect(events).toEqual([
        {
          deliveryId: '1001',
          eventType: 'hubspot.contact.creation',
          providerEventType: 'contact.creation',
          body: JSON.stringify(first),
          description: 'HubSpot contact.creation: object 123 (portal 62515)',
        },
        {
          deliveryId: '1002',
          eventType: 'hubspot.deal.propertychange',
          providerEventType: 'deal.propertyChange',
          body: JSON.stringify(second),
          description: 'HubSpot deal.propertyChange: object 456 dealstage = closedwon (portal 62515)',
        },
      ]);
    });

    it('gives a retry (higher attemptNumber) the same delivery id', () => {
      const retry = body.replace(/"attemptNumber":0/g, '"attemptNumber":3');
      expect(provider.parse(delivery({}, retry)).map((e) => e.deliveryId)).toEqual(['1001', '1002']);
    });

    it('refuses bodies that are not arrays of events', () => {
      expect(() => provider.parse(delivery({}, '{"eventId":1}'))).toThrow(
        new MalformedDeliveryError('The HubSpot body must be a JSON array'),
      );
      expect(() => provider.parse(delivery({}, '[{"subscriptionType":"contact.creation"}]'))).toThrow(
        'HubSpot event 0 has no eventId',
      );
      expect(() => provider.parse(delivery({}, '[{"eventId":5}]'))).toThrow('HubSpot event 0 has no subscriptionType');
    });
  });

  it('accepts only JSON', () => {
    expect(() => provider.assertContentType('application/json')).not.toThrow();
    expect(() => provider.assertContentType('text/plain')).toThrow(UnsupportedContentTypeError);
  });

  it('validates its settings', () => {
    expect(
      provider.validateSettings({ publicUrl: 'https://hooks.example.com/webhooks/hubspot', requireV3: true }),
    ).toEqual([]);
    expect(provider.validateSettings({ allowLegacySignatures: true })).toEqual([]);
    expect(
      provider.validateSettings({ publicUrl: '/webhooks/hubspot', requireV3: 'yes', allowLegacySignatures: 1 }),
    ).toEqual([
      'publicUrl must be the absolute http(s) URL HubSpot calls, e.g. https://hooks.example.com/webhooks/hubspot',
      'requireV3 must be true or false',
      'allowLegacySignatures must be true or false',
    ]);
    expect(provider.validateSettings({ requireV3: true, allowLegacySignatures: true })).toEqual([
      'requireV3 and allowLegacySignatures contradict each other: keep one',
    ]);
  });
});
