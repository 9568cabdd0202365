import { Client } from 'pg';
import { runSwitchyard } from './support/child-process';
import { FakeEspoCrm } from './support/fake-espocrm';
import { createTestDatabase, TestDatabase } from './support/test-database';

/** `node dist/main.js sync-people` (built), against a test database and a loopback EspoCRM. */
describe('node dist/main.js sync-people', () => {
  const espo = new FakeEspoCrm('cli-key');
  let db: TestDatabase;
  const env = () => ({
    RUNTIME_ENV: 'test',
    DATABASE_URL: db.url,
    ESPO_BASE_URL: espo.url,
    ESPO_API_KEY: 'cli-key',
    ESPO_MAX_ATTEMPTS: '1',
    CRM_SYNC_PAGE_SIZE: '7',
    ROLES: undefined,
  });

  beforeAll(async () => {
    await espo.start();
    db = await createTestDatabase();
    for (let i = 0; i < 20; i++) espo.addContact({ firstName: `Cli${i}`, cRoles: 'Dev, QA' });
  });
  afterAll(async () => {
    await db?.drop();
    await espo.stop();
  });

  it('syncs every contact and prints the summary; a second run counts them unchanged', async () => {
    const first = runSwitchyard(['sync-people'], env());
    expect((await first.exited).code).toBe(0);
    expect(first.output()).toMatch(
      /People sync done in [\d.]+ s \(run [0-9a-f-]{36}\): seen 20, created 20, changed 0, unchanged 0, missing 0, failed 0/,
    );
    const [row] = await db.query<{ count: string }>(`SELECT count(*) FROM people WHERE roles = '{Dev,QA}'`);
    expect(row?.count).toBe('20');
    const again = runSwitchyard(['sync-people'], env());
    expect((await again.exited).code).toBe(0);
    expect(again.output()).toContain('seen 20, created 0, changed 0, unchanged 20, missing 0, failed 0');
    const runs = await db.query<{ trigger: string; status: string }>(
      'SELECT trigger, status FROM people_sync_runs ORDER BY started_at',
    );
    expect(runs).toEqual([
      { trigger: 'cli', status: 'succeeded' },
      { trigger: 'cli', status: 'succeeded' },
    ]);
  });

  it('exits 1 with the reason when EspoCRM refuses, or while another sync holds the lock', async () => {
    const refused = runSwitchyard(['sync-people'], { ...env(), ESPO_API_KEY: 'wrong' });
    expect((await refused.exited).code).toBe(1);
    expect(refused.output()).toContain('People sync failed: EspoCRM refused list Contact: 401');

    const holder = new Client({ connectionString: db.url });
    await holder.connect();
    try {
      await holder.query('SELECT pg_advisory_lock(7353015)');
      const busy = runSwitchyard(['sync-people'], env());
      expect((await busy.exited).code).toBe(1);
      expect(busy.output()).toContain('People sync failed: Another full people sync is running');
    } finally {
      await holder.end();
    }
  });

  it('exits 1 naming the variables when EspoCRM is not configured', async () => {
    const child = runSwitchyard(['sync-people'], { ...env(), ESPO_BASE_URL: '', ESPO_API_KEY: '' });
    expect((await child.exited).code).toBe(1);
    expect(child.output()).toContain('EspoCRM is not configured: set ESPO_BASE_URL and ESPO_API_KEY');
  });
});
