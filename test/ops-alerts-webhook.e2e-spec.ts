import { createServer, IncomingMessage, Server } from 'node:http';
import { AlertMonitor } from '../src/alerts/discord/alert-monitor';
import { AlertNotifier } from '../src/alerts/discord/alert-notifier';
import { startTestApp, TestApp, waitFor } from './support/switchyard';
import { createTestDatabase, TestDatabase } from './support/test-database';

const WEBHOOK = '/api/webhooks/970000000000000001/secret-token';

interface Executed {
  path: string;
  query: string;
  body: any;
}

/**
 * A loopback stand-in for executing a Discord webhook: JSON only, `?wait=true` answers the message,
 * interactive components refused (a webhook not owned by an application cannot send them), and a
 * 429 with `retry_after` when told to.
 */
async function fakeWebhook(): Promise<{ server: Server; url: string; executed: Executed[]; limitNext: () => void }> {
  const executed: Executed[] = [];
  let limited = false;
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const [path, query = ''] = (req.url ?? '').split('?');
      const answer = (status: number, body: object, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      };
      if (req.method !== 'POST' || path !== WEBHOOK) return answer(404, { message: 'Unknown Webhook', code: 10015 });
      if (req.headers['content-type'] !== 'application/json')
        return answer(400, { message: 'Cannot send an empty message', code: 50006 });
      if (limited) {
        limited = false;
        return answer(
          429,
          { message: 'You are being rate limited.', retry_after: 0.3, global: false },
          { 'retry-after': '1' },
        );
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      if (body.components?.length) return answer(400, { message: 'Invalid Form Body', code: 50035 });
      executed.push({ path: path, query, body });
      answer(200, { id: String(980000000000000000n + BigInt(executed.length)), ...body });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { server, url: `http://127.0.0.1:${port}${WEBHOOK}`, executed, limitNext: () => (limited = true) };
}

/** Teams without a bot: alerts go to a Discord webhook URL, without buttons, with a dashboard link. */
describe('ops alerts to a Discord webhook', () => {
  let db: TestDatabase;
  let app: TestApp;
  let hook: Awaited<ReturnType<typeof fakeWebhook>>;

  beforeAll(async () => {
    db = await createTestDatabase();
    hook = await fakeWebhook();
    app = await startTestApp({
      databaseUrl: db.url,
      env: {
        OPS_ALERT_WEBHOOK_URL: hook.url,
        ALERT_CHECK_INTERVAL_SECONDS: '3600',
        PUBLIC_BASE_URL: 'https://switchyard.example',
        JOB_RETRY_BASE_SECONDS: '1',
      },
    });
  });
  afterAll(async () => {
    await app?.stop();
    hook?.server.close();
    await db?.drop();
  });

  it('executes the webhook with the embed, mentions off, waiting out a 429', async () => {
    hook.limitNext();
    await app.app.get(AlertNotifier).syncRuns('espocrm', 3, 'HTTP 502 from the CRM');
    await app.app.get(AlertNotifier).syncRuns('espocrm', 0);
    const [raised, back] = await waitFor(
      async () => hook.executed.length === 2 && hook.executed,
      'both alerts',
      20_000,
    );
    expect(raised!.query).toBe('wait=true');
    expect(raised!.body.allowed_mentions).toEqual({ parse: [] });
    expect(raised!.body.components).toBeUndefined();
    expect(raised!.body.embeds[0].title).toBe('Sync from espocrm failing');
    expect(raised!.body.embeds[0].description).toContain(
      'Open the dashboard: https://switchyard.example/dashboard/jobs?state=dead',
    );
    expect(back!.body.embeds[0].title).toBe('Sync from espocrm back');
    // Nothing more on a second look: the rows say what was sent.
    await app.app.get(AlertMonitor).check();
    await new Promise((r) => setTimeout(r, 300));
    expect(hook.executed.filter((e) => e.body.embeds[0].title.startsWith('Sync'))).toHaveLength(2);
  });
});
