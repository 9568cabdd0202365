import { SecretBox } from '../src/platform/security/secret-box';
import { runSwitchyard } from './support/child-process';
import { githubHeaders, pullRequestPayload } from './support/github';
import { postJson, startTestApp, TestApp, TEST_API_SECRET, TEST_GITHUB_SECRET } from './support/switchyard';
import { createTestDatabase, TestDatabase } from './support/test-database';

const OLD = 'the-old-secrets-key-0123456789-abcdef';
const NEW = 'the-new-secrets-key-0123456789-abcdef';
const SOURCE_SECRET = 'second-source-secret-0123';

/** Posts a signed pull_request delivery to a source; the status says whether its secret opened. */
async function deliver(url: string, slug: string, secret: string): Promise<number> {
  const body = JSON.stringify(pullRequestPayload(5));
  const res = await fetch(`${url}/webhooks/${slug}`, {
    method: 'POST',
    headers: githubHeaders(body, 'pull_request', { secret }),
    body,
  });
  await res.arrayBuffer();
  return res.status;
}

async function withApp<T>(db: TestDatabase, secretsKey: string, work: (app: TestApp) => Promise<T>): Promise<T> {
  const app = await startTestApp({ databaseUrl: db.url, roles: ['api'], env: { SECRETS_KEY: secretsKey } });
  try {
    return await work(app);
  } finally {
    await app.stop();
  }
}

async function reseal(db: TestDatabase, secretsKey: string) {
  const child = runSwitchyard(['reseal-secrets'], {
    RUNTIME_ENV: 'test',
    DATABASE_URL: db.url,
    SECRETS_KEY: secretsKey,
    API_SHARED_SECRET: TEST_API_SECRET,
    LOG_LEVEL: 'warn',
  });
  const { code } = await child.exited;
  return { code, output: child.output() };
}

/** Every sealed value stored, as the database holds it. */
async function sealedValues(db: TestDatabase): Promise<string[]> {
  const sources = await db.query<{ secrets: { sealed: string }[] }>('SELECT secrets FROM webhook_sources');
  const tokens = await db.query<{ token_sealed: string }>('SELECT token_sealed FROM bot_unfinished_answers');
  return [...sources.flatMap((s) => s.secrets.map((x) => x.sealed)), ...tokens.map((t) => t.token_sealed)];
}

describe('SECRETS_KEY rotation: a keyring, and node dist/main.js reseal-secrets', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
    // Before the rotation: everything sealed with the old key (the github source seeded from
    // GITHUB_WEBHOOK_SECRET, a source made over the API, an unanswered bot interaction).
    await withApp(db, OLD, async (app) => {
      const created = await postJson(app, '/webhooks/sources', {
        slug: 'second',
        provider: 'github',
        secret: SOURCE_SECRET,
      });
      expect(created.status).toBe(201);
    });
    await db.query(
      `INSERT INTO bot_unfinished_answers (interaction_id, application_id, token_sealed, command, expires_at)
       VALUES ('1234567890', '999', $1, '/status', now() + interval '10 minutes')`,
      [new SecretBox(OLD).seal('interaction-token-abc')],
    );
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('opens secrets sealed with the old key while SECRETS_KEY=new,old, and seals new ones with the new key', async () => {
    await withApp(db, `${NEW},${OLD}`, async (app) => {
      expect(await deliver(app.url, 'github', TEST_GITHUB_SECRET)).toBe(202);
      expect(await deliver(app.url, 'second', SOURCE_SECRET)).toBe(202);
      expect(await deliver(app.url, 'second', 'not-the-secret-at-all')).toBe(401);
      const third = await postJson(app, '/webhooks/sources', {
        slug: 'third',
        provider: 'github',
        secret: 'third-source-secret',
      });
      expect(third.status).toBe(201);
    });
    const [stored] = await db.query<{ secrets: { sealed: string }[] }>(
      `SELECT secrets FROM webhook_sources WHERE slug = 'third'`,
    );
    expect(new SecretBox(NEW).open(stored!.secrets[0]!.sealed)).toBe('third-source-secret');
  });

  it('reseals every stored secret with the newest key, with progress and a summary', async () => {
    const before = await sealedValues(db);
    const { code, output } = await reseal(db, `${NEW},${OLD}`);
    expect(code).toBe(0);
    expect(output).toContain('Resealing stored secrets with the newest of 2 key(s) in SECRETS_KEY');
    expect(output).toContain('source "github": 1 secret(s) resealed');
    expect(output).toContain('source "second": 1 secret(s) resealed');
    expect(output).toContain('webhook source secrets: 2 resealed, 1 already under the newest key, 0 unreadable');
    expect(output).toContain('bot interaction tokens: 1 resealed, 0 already under the newest key, 0 unreadable');
    expect(output).toContain(
      'Done: 3 resealed, 1 already under the newest key, 0 unreadable. Every stored secret now opens with the newest key',
    );

    const after = await sealedValues(db);
    expect(after).toHaveLength(before.length);
    const newOnly = new SecretBox(NEW);
    expect(after.map((sealed) => newOnly.open(sealed)).sort()).toEqual(
      [SOURCE_SECRET, TEST_GITHUB_SECRET, 'third-source-secret', 'interaction-token-abc'].sort(),
    );
    // Run again: nothing left to do.
    const again = await reseal(db, `${NEW},${OLD}`);
    expect(again.code).toBe(0);
    expect(again.output).toContain('Done: 0 resealed, 4 already under the newest key, 0 unreadable.');
  });

  it('works with the old key dropped afterwards', async () => {
    await withApp(db, NEW, async (app) => {
      expect(await deliver(app.url, 'second', SOURCE_SECRET)).toBe(202);
      expect(await deliver(app.url, 'github', TEST_GITHUB_SECRET)).toBe(202);
    });
  });

  it('reports secrets no key opens, leaves them alone, and exits non-zero', async () => {
    const before = await sealedValues(db);
    const { code, output } = await reseal(db, 'a-key-that-sealed-nothing-here-0123456789');
    expect(code).toBe(1);
    expect(output).toContain('source "second": 1 secret(s) UNREADABLE with every key');
    expect(output).toMatch(
      /Done: 0 resealed, 0 already under the newest key, 4 unreadable\. Unreadable secrets were sealed with a key that is not in SECRETS_KEY/,
    );
    expect(await sealedValues(db)).toEqual(before);
  });
});
