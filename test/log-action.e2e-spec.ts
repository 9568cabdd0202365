import { postGithub } from './support/github';
import { captureLogs } from './support/log-capture';
import { postJson, startTestApp, TestApp, waitFor } from './support/switchyard';
import { createTestDatabase, TestDatabase } from './support/test-database';

describe('the log action', () => {
  let db: TestDatabase;
  let app: TestApp;
  const logs = captureLogs();

  beforeAll(async () => {
    logs.logger.level = 'debug';
    db = await createTestDatabase();
    app = await startTestApp({ databaseUrl: db.url, logger: logs.logger });
  });
  afterAll(async () => {
    await app?.stop();
    await db?.drop();
  });

  it('logs a match at the level the rule names (info by default)', async () => {
    const ruleIds: Record<string, string> = {};
    for (const [name, text] of [
      ['warn', 'when github.issues.* then log level=warn'],
      ['debug', 'when github.issues.* then log level=debug'],
      ['info', 'when github.issues.* then log level=info'],
      ['default', 'when github.issues.* then log'],
    ]) {
      const res = await postJson(app, '/rules', { text });
      expect(res.status).toBe(201);
      ruleIds[name!] = ((await res.json()) as { id: string }).id;
    }
    const issue = {
      action: 'opened',
      issue: { number: 3, title: 'Flaky build' },
      repository: { full_name: 'acme/api' },
    };
    expect((await postGithub(app.url, issue, 'issues')).status).toBe(202);

    const matched = await waitFor(async () => {
      const lines = logs.lines().filter((line) => String(line.msg).startsWith('Rule matched'));
      return lines.length === 4 ? lines : undefined;
    }, 'four "Rule matched" lines');
    const levelOf = (ruleId: string) => matched.find((line) => line.ruleId === ruleId)?.level;
    expect(levelOf(ruleIds.warn!)).toBe(40);
    expect(levelOf(ruleIds.debug!)).toBe(20);
    expect(levelOf(ruleIds.info!)).toBe(30);
    expect(levelOf(ruleIds.default!)).toBe(30);
  });
});
