import { createHash, createHmac } from 'node:crypto';
import { IncomingDelivery, MalformedDeliveryError } from '../webhook-provider';
import { GenericProvider } from './generic.provider';

const provider = new GenericProvider();
const body = JSON.stringify({ event: { name: 'Build.Finished' }, build: { id: 981, status: 'passed' } });
const hmacSettings = {
  mode: 'hmac',
  header: 'X-Signature',
  algorithm: 'sha512',
  encoding: 'base64',
  prefix: 'sha512=',
  deliveryIdHeader: 'X-Delivery-Id',
  eventTypeField: 'event.name',
};
const tokenSettings = { mode: 'token', header: 'Authorization', prefix: 'Bearer ' };
const source = (settings: Record<string, unknown>, ...secrets: string[]) => ({ slug: 'ci', secrets, settings });
const sign = (secret: string, payload = body) =>
  `sha512=${createHmac('sha512', secret).update(payload).digest('base64')}`;

function delivery(headers: Record<string, string>, payload = body): IncomingDelivery {
  return {
    method: 'POST',
    url: '/webhooks/ci',
    headers: { 'content-type': 'application/json', 'x-delivery-id': 'd-981-1', ...headers },
    body: Buffer.from(payload),
    receivedAt: new Date(),
  };
}

describe('GenericProvider', () => {
  describe('mode hmac', () => {
    it('accepts the configured HMAC, algorithm, encoding and prefix, and the rotated secret', () => {
      expect(provider.verify(delivery({ 'x-signature': sign('ci-key') }), source(hmacSettings, 'ci-key'))).toEqual({
        ok: true,
        method: 'hmac-sha512',
        secretIndex: 0,
      });
      expect(
        provider.verify(delivery({ 'x-signature': sign('old') }), source(hmacSettings, 'new', 'old')),
      ).toMatchObject({ ok: true, secretIndex: 1 });
    });

    it('accepts hex signatures in either case without a prefix', () => {
      const settings = { mode: 'hmac', header: 'X-Sig', algorithm: 'sha1', encoding: 'hex' };
      const hex = createHmac('sha1', 'k').update(body).digest('hex').toUpperCase();
      expect(provider.verify(delivery({ 'x-sig': hex }), source(settings, 'k'))).toMatchObject({
        ok: true,
        method: 'hmac-sha1',
      });
    });

    it.each([
      [
        'a tampered body',
        { 'x-signature': sign('ci-key') },
        body.replace('passed', 'failed'),
        'X-Signature does not match the body for any configured secret',
      ],
      [
        'a wrong secret',
        { 'x-signature': sign('nope') },
        body,
        'X-Signature does not match the body for any configured secret',
      ],
      [
        'a missing prefix',
        { 'x-signature': sign('ci-key').slice(7) },
        body,
        'X-Signature does not start with "sha512="',
      ],
      ['no signature', {}, body, 'Missing X-Signature header'],
    ])('refuses %s', (_what, headers, payload, reason) => {
      expect(provider.verify(delivery(headers, payload), source(hmacSettings, 'ci-key'))).toEqual({
        ok: false,
        reason,
      });
    });
  });

  describe('mode token', () => {
    it('accepts the shared token, and the rotated one', () => {
      expect(provider.verify(delivery({ authorization: 'Bearer tok-1' }), source(tokenSettings, 'tok-1'))).toEqual({
        ok: true,
        method: 'token',
        secretIndex: 0,
      });
      expect(
        provider.verify(delivery({ authorization: 'Bearer tok-1' }), source(tokenSettings, 'tok-2', 'tok-1')),
      ).toMatchObject({
        ok: true,
        secretIndex: 1,
      });
    });

    it('refuses a wrong token, a prefix of the token and a missing header', () => {
      const refuse = { ok: false, reason: 'Authorization does not match the token for any configured secret' };
      expect(provider.verify(delivery({ authorization: 'Bearer tok-9' }), source(tokenSettings, 'tok-1'))).toEqual(
        refuse,
      );
      expect(provider.verify(delivery({ authorization: 'Bearer tok' }), source(tokenSettings, 'tok-1'))).toEqual(
        refuse,
      );
      expect(provider.verify(delivery({}), source(tokenSettings, 'tok-1'))).toEqual({
        ok: false,
        reason: 'Missing Authorization header',
      });
    });
  });

  it('refuses every delivery while its settings are invalid', () => {
    expect(provider.verify(delivery({}), source({ mode: 'hmac' }, 'k'))).toEqual({
      ok: false,
      reason:
        "The source's settings are invalid: header must be the name of the HTTP header carrying the signature or token, e.g. X-Signature; algorithm must be one of sha1, sha256, sha512; encoding must be hex or base64",
    });
  });

  describe('parse', () => {
    it('takes the delivery id from the configured header and the type from the configured field', () => {
      expect(provider.parse(delivery({}), source(hmacSettings))).toEqual([
        {
          deliveryId: 'd-981-1',
          eventType: 'generic.ci.build.finished',
          providerEventType: 'Build.Finished',
          body,
          description: `ci: Build.Finished (${body.length} bytes)`,
        },
      ]);
    });

    it('falls back to a body hash and "received"', () => {
      const [event] = provider.parse(delivery({}, '[1,2,3]'), source(tokenSettings));
      expect(event).toMatchObject({
        deliveryId: createHash('sha256').update('[1,2,3]').digest('hex'),
        eventType: 'generic.ci.received',
        providerEventType: 'received',
      });
      const [missing] = provider.parse(delivery({}, '{"event":{}}'), source(hmacSettings));
      expect(missing!.eventType).toBe('generic.ci.received');
    });

    it('refuses a delivery without its delivery id header, or with a body that is not JSON', () => {
      expect(() => provider.parse(delivery({ 'x-delivery-id': '' }), source(hmacSettings))).toThrow(
        new MalformedDeliveryError('Missing X-Delivery-Id header (the delivery id)'),
      );
      expect(() => provider.parse(delivery({}, 'hello'), source(tokenSettings))).toThrow(MalformedDeliveryError);
    });
  });

  it('lists every problem with its settings', () => {
    expect(provider.validateSettings(hmacSettings)).toEqual([]);
    expect(provider.validateSettings(tokenSettings)).toEqual([]);
    expect(
      provider.validateSettings({
        mode: 'hmac',
        header: 'X Signature',
        algorithm: 'md5',
        encoding: 'utf8',
        prefix: 7,
        deliveryIdHeader: 'X-Id:',
        eventTypeField: 'a..b',
        algoritm: 'sha256',
      }),
    ).toEqual([
      'unknown setting "algoritm" (known: mode, header, algorithm, encoding, prefix, deliveryIdHeader, eventTypeField)',
      'header must be the name of the HTTP header carrying the signature or token, e.g. X-Signature',
      'algorithm must be one of sha1, sha256, sha512',
      'encoding must be hex or base64',
      'prefix must be text of at most 50 characters, e.g. sha256= or "Bearer "',
      'deliveryIdHeader must be an HTTP header name, e.g. X-Request-Id',
      'eventTypeField must be a field name or dotted path into the JSON body, e.g. type or data.event',
    ]);
    expect(provider.validateSettings({ mode: 'signed', header: 'X-Token' })).toEqual(['mode must be hmac or token']);
    expect(provider.validateSettings({ mode: 'token', header: 'X-Token', algorithm: 'sha256' })).toEqual([
      'algorithm applies only to mode hmac',
    ]);
  });
});
