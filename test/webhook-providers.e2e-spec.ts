import { randomUUID } from 'node:crypto';
import { espocrmSignature } from './senders/espocrm';
import { hubspotV3Headers } from './senders/hubspot';
import { standardWebhooksHeaders } from './senders/standard-webhooks';
import { postJson, useTestApp } from './support/switchyard';

const json = { 'content-type': 'application/json' };

/** Providers through the real HTTP path: sources made with the admin API, deliveries signed as the senders sign them. */
describe('webhook providers end to end', () => {
  const ctx = useTestApp();

  const createSource = async (body: Record<string, unknown>) => {
    const res = await postJson(ctx.app, '/webhooks/sources', body);
    expect(res.status).toBe(201);
    return (await res.json()) as { secret: string };
  };
  const stored = (source: string) =>
    ctx.db.query<{ event_type: string; delivery_id: string; headers: Record<string, string> }>(
      'SELECT event_type, delivery_id, headers FROM webhook_events WHERE source = $1 ORDER BY delivery_id',
      [source],
    );

  it('stores one event per element of a HubSpot v3 batch, and nothing more on redelivery', async () => {
    const { secret } = await createSource({ slug: 'hubspot', provider: 'hubspot' });
    const events = [
      {
        eventId: 101,
        subscriptionId: 9,
        portalId: 62515,
        occurredAt: Date.now(),
        subscriptionType: 'contact.creation',
        attemptNumber: 0,
        objectId: 1246965,
        changeSource: 'CRM',
      },
      {
        eventId: 102,
        subscriptionId: 9,
        portalId: 62515,
        occurredAt: Date.now(),
        subscriptionType: 'deal.propertyChange',
        attemptNumber: 0,
        objectId: 555,
        propertyName: 'dealstage',
        propertyValue: 'closedwon',
      },
    ];
    const body = JSON.stringify(events);
    const send = () => {
      const uri = `${ctx.app.url}/webhooks/hubspot`;
      return fetch(uri, { method: 'POST', headers: { ...json, ...hubspotV3Headers(secret, uri, body) }, body });
    };
    const first = await send();
    expect(first.status).toBe(202);
    expect(((await first.json()) as { events: unknown[] }).events).toHaveLength(2);
    const again = await send();
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ duplicate: true });
    expect((await stored('hubspot')).map((e) => [e.event_type, e.delivery_id])).toEqual([
      ['hubspot.contact.creation', '101'],
      ['hubspot.deal.propertychange', '102'],
    ]);
  });

  it('accepts Standard Webhooks deliveries and refuses a stale timestamp with the reason', async () => {
    const key = Buffer.from('standard-webhooks-test-key-32byt').toString('base64');
    await createSource({ slug: 'billing', provider: 'standard-webhooks', secret: `whsec_${key}` });
    const body = JSON.stringify({ type: 'invoice.paid', timestamp: new Date().toISOString(), data: { id: 'in_1' } });
    const send = (seconds: number) =>
      fetch(`${ctx.app.url}/webhooks/billing`, {
        method: 'POST',
        headers: { ...json, ...standardWebhooksHeaders(`whsec_${key}`, `msg_${randomUUID()}`, body, seconds) },
        body,
      });
    const now = Math.floor(Date.now() / 1000);
    expect((await send(now)).status).toBe(202);
    const stale = await send(now - 3600);
    expect(stale.status).toBe(401);
    expect(((await stale.json()) as { message: string }).message).toMatch(/^stale timestamp/);
    const [event] = await stored('billing');
    expect(event!.event_type).toBe('standard-webhooks.invoice.paid');
    expect(event!.headers['webhook-signature']).toBe('[redacted]');
  });

  it('verifies a generic shared-token source and never stores the token', async () => {
    await createSource({
      slug: 'forms',
      provider: 'generic',
      secret: 'form-token-123',
      settings: { mode: 'token', header: 'X-Form-Token' },
    });
    const body = JSON.stringify({ form: 'signup', email: 'ada@example.com' });
    const ok = await fetch(`${ctx.app.url}/webhooks/forms`, {
      method: 'POST',
      headers: { ...json, 'x-form-token': 'form-token-123' },
      body,
    });
    expect(ok.status).toBe(202);
    const bad = await fetch(`${ctx.app.url}/webhooks/forms`, {
      method: 'POST',
      headers: { ...json, 'x-form-token': 'nope' },
      body,
    });
    expect(bad.status).toBe(401);
    const [event] = await stored('forms');
    expect(event!.headers['x-form-token']).toBe('[redacted]');
  });

  it('refuses invalid provider settings with the provider’s reasons', async () => {
    const res = await ctx.app.api('/webhooks/sources', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({
        slug: 'bad-generic',
        provider: 'generic',
        settings: { mode: 'hmac', header: 'X-Sig', algorithm: 'md5', encoding: 'hex' },
      }),
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain('algorithm must be one of sha1, sha256, sha512');
  });

  it('keeps the seed system’s /webhooks/espocrm/people-sync route, as the source espocrm-people-sync', async () => {
    const { secret } = await createSource({
      slug: 'espocrm-people-sync',
      provider: 'espocrm',
      settings: { event: 'Contact.update' },
    });
    const body = JSON.stringify([{ id: '64f1c0', name: 'Ada Lovelace', emailAddress: 'ada@example.com' }]);
    const signature = espocrmSignature(secret, 'wh-1', body);
    const res = await fetch(`${ctx.app.url}/webhooks/espocrm/people-sync`, {
      method: 'POST',
      headers: { ...json, signature },
      body,
    });
    expect(res.status).toBe(202);
    expect((await stored('espocrm-people-sync')).map((e) => e.event_type)).toEqual(['espocrm.contact.update']);
  });
});
