import { bootstrapBrowser } from './support/dashboard';
import { EventStreamReader, openEventStream } from './support/event-stream';
import { startTestApp, TestApp, waitFor } from './support/switchyard';
import { createTestDatabase, TestDatabase } from './support/test-database';

/** `/dashboard/live` holds a connection per tab: capped per session and per process, so nobody can hold them all. */
describe('dashboard live streams: caps', () => {
  let db: TestDatabase;
  let app: TestApp;
  const open: EventStreamReader[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startTestApp({
      databaseUrl: db.url,
      roles: ['api'],
      env: { AUTH_BOOTSTRAP_LOGIN: 'on', DASHBOARD_LIVE_MAX_STREAMS_PER_SESSION: '2', DASHBOARD_LIVE_MAX_STREAMS: '3' },
    });
  });
  afterAll(async () => {
    for (const stream of open) stream.close();
    await app?.stop();
    await db?.drop();
  });

  const stream = async (cookie: string) => {
    const reader = await openEventStream(`${app.url}/dashboard/live`, { cookie });
    open.push(reader);
    return reader;
  };
  const refusal = async (reader: EventStreamReader) => {
    await reader.ended;
    return { status: reader.status, retryAfter: reader.headers.get('retry-after') };
  };

  it('refuses a session beyond its share and everyone beyond the total with 429 and the reason; a closed stream frees its slot', async () => {
    const ada = (await bootstrapBrowser(app.url, db)).cookie;
    const bea = (await bootstrapBrowser(app.url, db)).cookie;
    const first = await stream(ada);
    const second = await stream(ada);
    expect([first.status, second.status]).toEqual([200, 200]);

    const third = await fetch(`${app.url}/dashboard/live`, { headers: { cookie: ada, accept: 'text/event-stream' } });
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toBe('30');
    expect(await third.json()).toMatchObject({
      message: 'Too many live streams: this session already has 2 open (at most 2); close a dashboard tab',
    });

    expect((await stream(bea)).status).toBe(200);
    const beyond = await fetch(`${app.url}/dashboard/live`, { headers: { cookie: bea, accept: 'text/event-stream' } });
    expect(beyond.status).toBe(429);
    expect(await beyond.json()).toMatchObject({
      message: 'Too many live streams: the server has 3 open, its limit; try again shortly',
    });

    first.close();
    const again = await waitFor(async () => {
      const reader = await stream(ada);
      return reader.status === 200 ? reader : (await refusal(reader), undefined);
    }, 'the closed stream’s slot to be free');
    expect(again.status).toBe(200);
  });
});
