import { FakeDiscord } from './support/fake-discord';
import { postJson, startTestApp, TestApp, waitFor } from './support/switchyard';
import { createTestDatabase, TestDatabase } from './support/test-database';
import { EMILY, postZammad, zammadArticle, zammadTicket } from './support/zammad';

const BILLING = '423456789012345678';
const DESK = '523456789012345678';
const ZAMMAD_URL = 'https://support.example.com';

/** Zammad trigger webhooks: signed, interpreted, routed by group with ordinary rules, posted with a ticket link. */
describe('Zammad tickets to Discord', () => {
  let db: TestDatabase;
  let discord: FakeDiscord;
  let app: TestApp;
  let secret: string;
  let url: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    discord = await new FakeDiscord('token').start();
    app = await startTestApp({
      databaseUrl: db.url,
      env: {
        DISCORD_BOT_TOKEN: 'token',
        DISCORD_API_URL: discord.apiUrl,
        ZAMMAD_URL: `${ZAMMAD_URL}/`,
        JOB_RETRY_BASE_SECONDS: '1',
      },
    });
    const source = await postJson(app, '/webhooks/sources', { slug: 'helpdesk', provider: 'zammad' });
    expect(source.status).toBe(201);
    secret = ((await source.json()) as { secret: string }).secret;
    url = `${app.url}/webhooks/helpdesk`;
    for (const text of [
      `when zammad.ticket.* where ticket.group.name in ["Billing","Refunds"] then discord.post channel=${BILLING}`,
      `when zammad.ticket.* where ticket.group.name == "Service Desk" then discord.post channel=${DESK}`,
    ]) {
      expect((await postJson(app, '/rules', { text })).status).toBe(201);
    }
  });
  afterAll(async () => {
    await app?.stop();
    await discord?.stop();
    await db?.drop();
  });

  const events = (type: string) =>
    db.query<{ id: string; delivery_id: string; description: string; routing_status: string }>(
      'SELECT id, delivery_id, description, routing_status FROM webhook_events WHERE event_type = $1',
      [type],
    );

  it('posts an agent reply in the Billing group to the billing channel as one linked sentence', async () => {
    const res = await postZammad(url, { ticket: zammadTicket(), article: zammadArticle({ sender: 'Agent' }) }, secret);
    expect(res.status).toBe(202);
    await waitFor(async () => discord.in(BILLING).length === 1, 'the billing message');
    expect(discord.in(BILLING)[0]!.content).toBe(
      `🎫 **Billing**: Emma replied on ticket [\\#10081 Refund for order 42](<${ZAMMAD_URL}/#ticket/zoom/81>) (state: open)`,
    );
    expect(discord.in(DESK)).toHaveLength(0);
  });

  it('routes a ticket update (no article) by its group, and survives Discord failing once', async () => {
    discord.next(DESK, { status: 503 });
    const payload = {
      ticket: zammadTicket({
        id: 82,
        number: '10082',
        title: 'Badge printer jammed',
        group: 'Service Desk',
        state: 'closed',
      }),
      article: {},
    };
    expect((await postZammad(url, payload, secret)).status).toBe(202);
    await waitFor(async () => discord.in(DESK).length === 1, 'the service desk message');
    expect(discord.in(DESK)[0]!.content).toBe(
      `🎫 **Service Desk**: Emma updated ticket [\\#10082 Badge printer jammed](<${ZAMMAD_URL}/#ticket/zoom/82>) (state: closed)`,
    );
  });

  it('answers a repeated delivery as a duplicate and posts once', async () => {
    const payload = {
      ticket: zammadTicket({ group: 'Refunds' }),
      article: zammadArticle({ sender: 'Customer', author: EMILY }),
    };
    const first = await postZammad(url, payload, secret, { delivery: 'c0ffee00-1111-4222-8333-444455556666' });
    const again = await postZammad(url, payload, secret, { delivery: 'c0ffee00-1111-4222-8333-444455556666' });
    expect(first.status).toBe(202);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ duplicate: true });
    await waitFor(async () => discord.in(BILLING).length === 2, 'the customer message');
    expect(discord.in(BILLING)[1]!.content).toBe(
      `🎫 **Refunds**: Emily (customer) wrote on ticket [\\#10081 Refund for order 42](<${ZAMMAD_URL}/#ticket/zoom/81>) (state: open)`,
    );
    // Without X-Zammad-Delivery the body's hash identifies the delivery.
    const unnamed = { ticket: zammadTicket({ group: 'Elsewhere' }), article: null };
    expect((await postZammad(url, unnamed, secret, { delivery: null })).status).toBe(202);
    expect((await postZammad(url, unnamed, secret, { delivery: null })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(discord.in(BILLING)).toHaveLength(2);
  });

  it.each([
    ['a wrong signature', { 'x-hub-signature': `sha1=${'0'.repeat(40)}` }, 'does not match the body'],
    ['a sha256 signature', { 'x-hub-signature': `sha256=${'0'.repeat(64)}` }, 'not of the form sha1=<40 hex digits>'],
  ])('refuses %s with 401 and the reason', async (_what, headers, reason) => {
    const res = await postZammad(url, { ticket: zammadTicket(), article: null }, secret, { headers });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { message: string }).message).toContain(reason);
  });

  it('refuses a delivery without a signature', async () => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ticket: zammadTicket(), article: null }),
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { message: string }).message).toContain('Missing X-Hub-Signature');
  });

  it('stores a payload it cannot interpret as unsupported, with the reason, and posts nothing', async () => {
    const before = discord.messages.length;
    const payload = { ticket: zammadTicket(), article: zammadArticle({ sender: 'System' }) };
    const res = await postZammad(url, payload, secret);
    expect(res.status).toBe(202);
    const { eventId } = (await res.json()) as { eventId: string };
    await waitFor(async () => (await events('zammad.unsupported'))[0]?.routing_status === 'routed', 'routing');
    const [event] = await events('zammad.unsupported');
    expect(event).toMatchObject({
      id: eventId,
      description: 'Unsupported Zammad payload (#10081): the article\'s sender is "System", neither Customer nor Agent',
    });
    expect(discord.messages).toHaveLength(before);
  });
});
