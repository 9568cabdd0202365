import { answeredEvents } from '../bench/support/answer-events';
import { sourceLedger } from '../bench/support/ledger';
import type { PrebuiltRequest } from '../bench/support/load-generator';
import { MixedLoad } from '../bench/support/mixed/mixed-load';
import { TEST_API_SECRET, useTestApp } from './support/switchyard';

/**
 * The mixed load of `npm run bench:ingest`, a few turns of it, sent one by one: every delivery is
 * one each provider accepts as its sender's, and the bench's ledger counts their events exactly.
 */
describe('bench:ingest mixed load', () => {
  const ctx = useTestApp();
  const mixed = new MixedLoad();
  const reported = new Map<string, string[]>();
  const sent = new Map<string, number>();

  const send = async (request: PrebuiltRequest) => {
    const res = await fetch(`${ctx.app.url}${request.path}`, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
    });
    return { tag: request.tag, status: res.status, answer: answeredEvents(await res.text()) };
  };

  it('sends deliveries every provider accepts, each answer reporting one new event per item sent', async () => {
    await mixed.createSources(ctx.app.url, TEST_API_SECRET);
    for (const request of mixed.next(40, ctx.app.url)) {
      const { tag, status, answer } = await send(request);
      expect({ tag, status, events: answer?.ids.length }).toEqual({ tag, status: 202, events: request.events });
      reported.set(tag, [...(reported.get(tag) ?? []), ...answer!.ids]);
      sent.set(tag, (sent.get(tag) ?? 0) + request.events);
    }
    const types = await ctx.db.query<{ source: string; event_type: string }>(
      `SELECT DISTINCT source, event_type FROM webhook_events WHERE source LIKE 'mix-%' ORDER BY 1, 2`,
    );
    expect(types.map((t) => `${t.source} ${t.event_type}`)).toEqual([
      'mix-billing standard-webhooks.customer.subscription.updated',
      'mix-billing standard-webhooks.invoice.paid',
      'mix-billing standard-webhooks.invoice.payment_failed',
      'mix-billing standard-webhooks.payment_intent.succeeded',
      'mix-ci generic.mix-ci.build.canceled',
      'mix-ci generic.mix-ci.build.failed',
      'mix-ci generic.mix-ci.build.passed',
      'mix-espocrm espocrm.contact.update',
      'mix-github github.pull_request.opened',
      'mix-hubspot hubspot.contact.creation',
      'mix-hubspot hubspot.contact.deletion',
      'mix-hubspot hubspot.contact.propertychange',
      'mix-hubspot hubspot.deal.creation',
      'mix-hubspot hubspot.deal.propertychange',
    ]);
  });

  it('finds the ledger exact for every source', async () => {
    for (const [tag, slug] of mixed.slugByTag) {
      const ledger = await sourceLedger(ctx.db, slug, reported.get(tag)!, sent.get(tag)!);
      expect(ledger).toMatchObject({ source: slug, stored: sent.get(tag), matched: sent.get(tag), problems: [] });
    }
    expect(sent.get('hubspot')).toBeGreaterThan(8);
    expect(sent.get('espocrm')).toBeGreaterThan(8);
  });

  it('notices a row no answer reported, an id reported twice, and fewer events than were sent', async () => {
    const [first, ...rest] = reported.get('hubspot')!;
    const sentToHubspot = sent.get('hubspot')!;
    expect((await sourceLedger(ctx.db, 'mix-hubspot', rest, sentToHubspot - 1)).problems).toEqual([
      `${sentToHubspot - 1} events reported but ${sentToHubspot} rows`,
      'rows no answer reported: 1',
    ]);
    expect((await sourceLedger(ctx.db, 'mix-hubspot', [...rest, rest[0]!], sentToHubspot)).problems).toEqual([
      'event ids reported twice: 1',
      'rows no answer reported: 1',
    ]);
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await sourceLedger(ctx.db, 'mix-hubspot', [unknown, ...rest], sentToHubspot)).problems).toEqual([
      'reported event ids without a row: 1',
      'rows no answer reported: 1',
    ]);
    expect((await sourceLedger(ctx.db, 'mix-hubspot', [first!, ...rest], sentToHubspot + 2)).problems).toEqual([
      `answers reported ${sentToHubspot} events for ${sentToHubspot + 2} sent`,
    ]);
  });

  it('refuses a mixed delivery replayed with another body, and answers a repeated one as a duplicate', async () => {
    const [github, hubspot] = mixed.next(2, ctx.app.url);
    expect((await send(github!)).status).toBe(202);
    expect(await send(github!)).toMatchObject({ status: 200, answer: { ids: [], duplicate: true } });
    expect(
      (await send({ ...hubspot!, body: hubspot!.body.replace('"attemptNumber":0', '"attemptNumber":1') })).status,
    ).toBe(401);
  });
});
