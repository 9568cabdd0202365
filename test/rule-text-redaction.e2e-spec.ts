import { bootstrapBrowser, visibleText } from './support/dashboard';
import { postGithub, pullRequestPayload } from './support/github';
import { postJson, startTestApp, TestApp, waitFor } from './support/switchyard';
import { createTestDatabase, TestDatabase } from './support/test-database';

const RULE =
  'when github.pull_request.* then job name=deploys token=s3cret-token url="https://deploy:hunter2@ci.example.org/run?key=abc123"';
const SHOWN = 'when github.pull_request.* then job name=deploys token=*** url="https://***@ci.example.org/run?***"';
const SECRETS = /s3cret-token|hunter2|abc123/;

/** Rule text outside the rule editor (lists, a webhook's matched rules, the audit trail) never shows credentials. */
describe('rule text outside the editor', () => {
  let db: TestDatabase;
  let app: TestApp;
  let cookie: string;
  let ruleId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startTestApp({ databaseUrl: db.url, env: { AUTH_BOOTSTRAP_LOGIN: 'on' } });
    ({ cookie } = await bootstrapBrowser(app.url, db));
    const saved = await postJson(app, '/rules', { text: RULE });
    expect(saved.status).toBe(201);
    ruleId = ((await saved.json()) as { id: string }).id;
  });
  afterAll(async () => {
    await app?.stop();
    await db?.drop();
  });

  const page = async (path: string) => {
    const res = await fetch(`${app.url}${path}`, { headers: { cookie } });
    expect(res.status).toBe(200);
    return visibleText(await res.text());
  };

  it('is masked on the rules list and in the audit trail, and whole in the editor and the rules API', async () => {
    const list = await page('/dashboard/rules');
    expect(list).toContain(SHOWN);
    expect(list).not.toMatch(SECRETS);
    expect(await page(`/dashboard/rules/${ruleId}`)).toContain(RULE);
    expect(JSON.stringify(await (await app.api('/rules')).json())).toContain('hunter2');

    const [created] = await db.query<{ data: { request: { text: string } } }>(
      `SELECT data FROM audit_events WHERE action = 'rule.create' AND target = $1`,
      [ruleId],
    );
    expect(created!.data.request.text).toBe(SHOWN);
    expect(await page('/dashboard/audit')).not.toMatch(SECRETS);
  });

  it('is masked among the rules a webhook matched', async () => {
    const { eventId } = (await (await postGithub(app.url, pullRequestPayload())).json()) as { eventId: string };
    await waitFor(
      async () =>
        (await db.query(`SELECT 1 FROM webhook_events WHERE id = $1 AND routing_status = 'routed'`, [eventId])).length >
        0,
      'the event to be routed',
    );
    const shown = await page(`/dashboard/webhooks/${eventId}`);
    expect(shown).toContain(SHOWN);
    expect(shown).not.toMatch(SECRETS);
  });

  it('is masked in the data of the job the rule made', async () => {
    const [job] = await waitFor(async () => {
      const rows = await db.query<{ id: string }>(`SELECT id::text FROM pgboss.job WHERE name = 'deploys' LIMIT 1`);
      return rows.length > 0 ? rows : undefined;
    }, 'the rule to make its job');
    const shown = await page(`/dashboard/jobs/${job!.id}`);
    expect(shown).toContain('https://***@ci.example.org/run?***');
    expect(shown).not.toMatch(SECRETS);
  });
});
