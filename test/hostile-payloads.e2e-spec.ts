import { espocrmSignature } from './senders/espocrm';
import { hubspotV3Headers } from './senders/hubspot';
import { postJson, useTestApp, waitFor } from './support/switchyard';

const json = { 'content-type': 'application/json' };

/** Payloads that once answered 5xx: each now gets a 4xx with the reason, or is stored faithfully and routed. */
describe('hostile payloads', () => {
  const ctx = useTestApp();
  const secrets: Record<string, string> = {};

  beforeAll(async () => {
    for (const [slug, provider] of [
      ['espo', 'espocrm'],
      ['hubspot', 'hubspot'],
    ] as const) {
      const res = await postJson(ctx.app, '/webhooks/sources', { slug, provider });
      secrets[slug] = ((await res.json()) as { secret: string }).secret;
    }
    const rule = await postJson(ctx.app, '/rules', {
      text: 'when hubspot.deal.* then discord.post channel=123456789012345678',
    });
    expect(rule.status).toBe(201);
  });

  const count = async () => Number((await ctx.db.query<{ n: string }>('SELECT count(*) n FROM webhook_events'))[0]!.n);
  const postEspo = (body: string) =>
    fetch(`${ctx.app.url}/webhooks/espo`, {
      method: 'POST',
      headers: { ...json, signature: espocrmSignature(secrets.espo!, 'wh1', body) },
      body,
    });
  const postHubspot = (events: unknown[]) => {
    const body = JSON.stringify(events);
    const uri = `${ctx.app.url}/webhooks/hubspot`;
    return fetch(uri, { method: 'POST', headers: { ...json, ...hubspotV3Headers(secrets.hubspot!, uri, body) }, body });
  };

  it('answers 10,000 levels of nesting to EspoCRM with 400 and the reason, storing nothing', async () => {
    const before = await count();
    const res = await postEspo(`[${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}]`);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      message: 'The EspoCRM body nests objects and arrays deeper than 100 levels',
    });
    expect(await count()).toBe(before);
  });

  it.each([
    ['an event id', { eventId: '7\u0000', subscriptionType: 'contact.creation' }, 'delivery id'],
    ['an event type', { eventId: 8, subscriptionType: 'contact\u0000.creation' }, 'event type'],
  ])('answers \\u0000 in %s with 400 and the reason, not 503', async (_what, event, field) => {
    const before = await count();
    const res = await postHubspot([event]);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toBe(
      `The ${field} of the delivery contains the character U+0000 (NUL), which cannot be stored`,
    );
    expect(await count()).toBe(before);
  });

  it('stores \\u0000 inside a value faithfully and routes it', async () => {
    const event = {
      eventId: 9,
      subscriptionType: 'deal.propertyChange',
      objectId: 555,
      propertyName: 'dealname',
      propertyValue: 'Acme\u0000Corp',
    };
    const res = await postHubspot([event]);
    expect(res.status).toBe(202);
    const { eventId } = (await res.json()) as { eventId: string };
    const [row] = await ctx.db.query<{ body: string; description: string }>(
      'SELECT body, description FROM webhook_events WHERE id = $1',
      [eventId],
    );
    expect(JSON.parse(row!.body)).toEqual(event);
    expect(row!.description).not.toContain('\u0000');
    const routed = await waitFor(async () => {
      const [state] = await ctx.db.query<{ routing_status: string; router_result: { jobs: string[] } | null }>(
        'SELECT routing_status, router_result FROM webhook_events WHERE id = $1',
        [eventId],
      );
      return state!.routing_status === 'routed' ? state : undefined;
    }, 'the event to be routed');
    expect(routed.router_result?.jobs).toHaveLength(1);
  });
});
