import { createHash, createHmac } from 'node:crypto';
import { IncomingDelivery, MalformedDeliveryError } from '../webhook-provider';
import { EspocrmProvider } from './espocrm.provider';

const provider = new EspocrmProvider();
const source = (secrets: string[], settings: Record<string, unknown> = {}) => ({ slug: 'espo', secrets, settings });
const WEBHOOK_ID = '6650a1b2c3d4e5f67';
const elements = [
  { id: '664f1e2d3c4b5a697', firstName: 'Jane', lastName: 'Roe', emailAddress: 'jane@example.com' },
  { id: '664f1e2d3c4b5a698', phoneNumber: '+1 555 0100' },
];
// EspoCRM's Json::encode escapes slashes and non-ASCII; the signature covers exactly these bytes.
const body = JSON.stringify(elements).replace(/\//g, '\\/');

/** EspoCRM v9+ `Signature`: base64(webhookId + ":" + hash_hmac('sha256', payload, secretKey)). */
const signature = (secret: string, payload = body, webhookId = WEBHOOK_ID) =>
  Buffer.from(`${webhookId}:${createHmac('sha256', secret).update(payload).digest('hex')}`).toString('base64');

/** Legacy `X-Signature`: the same with hash_hmac(..., true), the raw 32 bytes. */
const legacySignature = (secret: string, payload = body) =>
  Buffer.concat([Buffer.from(`${WEBHOOK_ID}:`), createHmac('sha256', secret).update(payload).digest()]).toString(
    'base64',
  );

function delivery(headers: Record<string, string>, payload = body): IncomingDelivery {
  return {
    method: 'POST',
    url: '/webhooks/espo',
    headers: { 'content-type': 'application/json', ...headers },
    body: Buffer.from(payload),
    receivedAt: new Date(),
  };
}

describe('EspocrmProvider', () => {
  it('accepts the v9 Signature and the legacy X-Signature, as EspoCRM sends them together', () => {
    const both = { signature: signature('espo-key'), 'x-signature': legacySignature('espo-key') };
    expect(provider.verify(delivery(both), source(['espo-key']))).toEqual({
      ok: true,
      method: 'hmac-sha256',
      secretIndex: 0,
    });
    expect(provider.verify(delivery({ 'x-signature': legacySignature('espo-key') }), source(['espo-key']))).toEqual({
      ok: true,
      method: 'hmac-sha256-legacy',
      secretIndex: 0,
    });
  });

  it('finds a legacy signature whose raw HMAC contains a colon', () => {
    let secret = 'k0';
    for (let i = 1; !createHmac('sha256', secret).update(body).digest().includes(0x3a); i++) secret = `k${i}`;
    expect(provider.verify(delivery({ 'x-signature': legacySignature(secret) }), source([secret]))).toMatchObject({
      ok: true,
    });
  });

  it('accepts the rotated secret', () => {
    expect(provider.verify(delivery({ signature: signature('old') }), source(['new', 'old']))).toMatchObject({
      ok: true,
      secretIndex: 1,
    });
    expect(provider.verify(delivery({ 'x-signature': legacySignature('old') }), source(['new', 'old']))).toMatchObject({
      ok: true,
      secretIndex: 1,
    });
  });

  it.each([
    ['a tampered body (Signature)', { signature: signature('espo-key') }, body.replace('Jane', 'John'), 'Signature'],
    ['a tampered body (X-Signature)', { 'x-signature': legacySignature('espo-key') }, `${body}\n`, 'X-Signature'],
    ['a wrong secret', { signature: signature('not-it') }, body, 'Signature'],
    ['a wrong secret (legacy)', { 'x-signature': legacySignature('not-it') }, body, 'X-Signature'],
  ])('refuses %s', (_what, headers, payload, name) => {
    expect(provider.verify(delivery(headers, payload), source(['espo-key']))).toEqual({
      ok: false,
      reason: `${name} does not match the body for any configured secret`,
    });
  });

  it('checks the webhook id when the source names one', () => {
    const sent = delivery({ signature: signature('espo-key', body, 'aaaaaaaaaaaaaaaaa') });
    expect(provider.verify(sent, source(['espo-key'], { webhookId: WEBHOOK_ID }))).toEqual({
      ok: false,
      reason: `Signature is for EspoCRM webhook "aaaaaaaaaaaaaaaaa", not the configured "${WEBHOOK_ID}"`,
    });
    const right = delivery({ signature: signature('espo-key') });
    expect(provider.verify(right, source(['espo-key'], { webhookId: WEBHOOK_ID }))).toMatchObject({ ok: true });
  });

  it.each([
    [{}, 'Missing Signature or X-Signature header'],
    [{ signature: 'not base64!' }, 'Signature is not base64 of <webhook id>:<hex HMAC-SHA256>'],
    [
      { signature: Buffer.from(`${WEBHOOK_ID}:abc`).toString('base64') },
      'Signature is not base64 of <webhook id>:<hex HMAC-SHA256>',
    ],
    [
      { 'x-signature': Buffer.from('no-colon').toString('base64') },
      'X-Signature is not base64 of <webhook id>:<raw HMAC-SHA256>',
    ],
  ])('refuses malformed signatures %j', (headers, reason) => {
    expect(provider.verify(delivery(headers), source(['espo-key']))).toEqual({ ok: false, reason });
  });

  describe('parse', () => {
    it('makes one event per element, typed by the configured event, with a content hash as delivery id', () => {
      const events = provider.parse(delivery({}), source([], { event: 'Contact.update' }));
      expect(events).toEqual([
        {
          deliveryId: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown,
          eventType: 'espocrm.contact.update',
          providerEventType: 'Contact.update',
          body: JSON.stringify(elements[0]),
          description: 'EspoCRM Contact.update 664f1e2d3c4b5a697 "Jane Roe": firstName, lastName, emailAddress',
        },
        {
          deliveryId: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown,
          eventType: 'espocrm.contact.update',
          providerEventType: 'Contact.update',
          body: JSON.stringify(elements[1]),
          description: 'EspoCRM Contact.update 664f1e2d3c4b5a698: phoneNumber',
        },
      ]);
      const canonical =
        '{"emailAddress":"jane@example.com","firstName":"Jane","id":"664f1e2d3c4b5a697","lastName":"Roe"}';
      expect(events[0]!.deliveryId).toBe(createHash('sha256').update(canonical).digest('hex'));
    });

    it('gives a repeated element the same delivery id whatever its key order or batch', () => {
      const [first] = provider.parse(delivery({}), source([]));
      const reordered = JSON.stringify([
        elements[1],
        { lastName: 'Roe', emailAddress: 'jane@example.com', id: '664f1e2d3c4b5a697', firstName: 'Jane' },
      ]);
      const [, again] = provider.parse(delivery({}, reordered), source([]));
      expect(again!.deliveryId).toBe(first!.deliveryId);
    });

    it('normalises field-update events and falls back to <entityType>.update', () => {
      const [fieldUpdate] = provider.parse(delivery({}), source([], { event: 'Lead.fieldUpdate.status' }));
      expect(fieldUpdate!.eventType).toBe('espocrm.lead.fieldupdate.status');
      const [fallback] = provider.parse(delivery({}, '[{"id":"x1","entityType":"Account"}]'), source([]));
      expect(fallback).toMatchObject({ eventType: 'espocrm.account.update', providerEventType: 'Account.update' });
      const [bare] = provider.parse(delivery({}, '[{"id":"x1"}]'), source([]));
      expect(bare!.eventType).toBe('espocrm.record.update');
    });

    it('refuses a body that is not an array of objects', () => {
      expect(() => provider.parse(delivery({}, '{"id":"x"}'), source([]))).toThrow(
        new MalformedDeliveryError('The EspoCRM body must be a JSON array'),
      );
      expect(() => provider.parse(delivery({}, '[1]'), source([]))).toThrow(
        'Element 0 of the EspoCRM body must be a JSON object',
      );
    });
  });

  it('validates its settings', () => {
    expect(provider.validateSettings({ event: 'Contact.fieldUpdate.status', webhookId: WEBHOOK_ID })).toEqual([]);
    expect(provider.validateSettings({ event: 'contact', webhookId: 'a:b' })).toEqual([
      'event must be an EspoCRM webhook event: <EntityType>.create, .update, .delete or .fieldUpdate.<field>, e.g. Contact.update',
      'webhookId must be the EspoCRM webhook record id (letters, digits, - or _)',
    ]);
  });
});
