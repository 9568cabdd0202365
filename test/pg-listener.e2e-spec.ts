import { PgListener } from '../src/platform/database/pg-listener';
import { waitFor } from './support/switchyard';
import { createTestDatabase, TestDatabase } from './support/test-database';

describe('PgListener: one LISTEN connection, several channels, back after a lost connection', () => {
  let db: TestDatabase;
  let listener: PgListener;
  const heard: string[] = [];
  let reconnects = 0;

  beforeAll(async () => {
    db = await createTestDatabase();
    listener = new PgListener(
      db.url,
      ['first_channel', 'second_channel'],
      { onNotify: (payload, channel) => heard.push(`${channel}:${payload}`), onReconnect: () => reconnects++ },
      'listener-under-test',
    );
    await listener.start();
  });
  afterAll(async () => {
    await listener?.close();
    await db?.drop();
  });

  const notify = (channel: string, payload: string) => db.query('SELECT pg_notify($1, $2)', [channel, payload]);

  it('hears every channel it listens on, and no other', async () => {
    expect(listener.listening).toBe(true);
    await notify('first_channel', 'a');
    await notify('other_channel', 'x');
    await notify('second_channel', 'b');
    await waitFor(async () => heard.length >= 2, 'both notifications');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(heard).toEqual(['first_channel:a', 'second_channel:b']);
  });

  it('reconnects when its connection is killed, says so once, and hears again', async () => {
    const [killed] = await db.query<{ killed: boolean }>(
      `SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity WHERE application_name = 'listener-under-test'`,
    );
    expect(killed).toEqual({ killed: true });
    await waitFor(async () => reconnects === 1 && listener.listening, 'the reconnect');
    await notify('first_channel', 'c');
    await waitFor(async () => heard.includes('first_channel:c'), 'a notification after the reconnect');
    expect(reconnects).toBe(1);
  });

  it('stays closed once closed', async () => {
    await listener.close();
    expect(listener.listening).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await db.query(`SELECT 1 FROM pg_stat_activity WHERE application_name = 'listener-under-test'`)).toEqual([]);
    expect(reconnects).toBe(1);
  });
});
