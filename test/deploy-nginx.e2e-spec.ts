import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpRequest, IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { githubSignature } from './senders/github';
import { Child, runSwitchyard } from './support/child-process';
import { bootstrapBrowser } from './support/dashboard';
import { freePort } from './support/free-port';
import { pullRequestPayload } from './support/github';
import { nginxMainConfig, renderTemplate, selfSignedCertificate, tool } from './support/ops-tools';
import { TEST_API_SECRET, TEST_GITHUB_SECRET, waitFor } from './support/switchyard';
import { createTestDatabase, TestDatabase } from './support/test-database';

const NGINX_BODY_LIMIT = 64 * 1024;
/** The test's client connects from another loopback address than nginx's, so the two can be told apart in logs. */
const CLIENT_ADDRESS = '127.0.0.2';

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  protocol?: string | null;
}

describe('nginx from deploy/ansible in front of a real Switchyard process', () => {
  let dir: string;
  let db: TestDatabase;
  let switchyard: Child;
  let nginx: ChildProcess;
  let httpsPort: number;
  let httpPort: number;
  let appUrl: string;
  let ca: Buffer;

  /** One request to nginx over TLS (trusting only the test's certificate), from CLIENT_ADDRESS. */
  const tls = (
    method: string,
    path: string,
    options: { headers?: Record<string, string>; body?: string | Buffer } = {},
  ): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const req = httpsRequest(
        {
          host: '127.0.0.1',
          servername: 'localhost',
          port: httpsPort,
          method,
          path,
          ca,
          localAddress: CLIENT_ADDRESS,
          headers: { host: 'localhost', ...options.headers },
        },
        (res) => {
          const protocol = (res.socket as TLSSocket).getProtocol();
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (body += chunk));
          res.on('end', () =>
            resolve({
              status: res.statusCode!,
              headers: res.headers,
              body,
              protocol,
            }),
          );
        },
      );
      req.on('error', reject);
      req.end(options.body);
    });

  /** Switchyard's JSON log lines so far. */
  const logLines = () =>
    switchyard
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map(
        (line) =>
          JSON.parse(line) as {
            msg?: string;
            req?: { url?: string; remoteAddress?: string };
            res?: { statusCode?: number };
          },
      );

  beforeAll(async () => {
    tool('nginx');
    dir = mkdtempSync(join(tmpdir(), 'switchyard-nginx-'));
    chmodSync(dir, 0o755);
    await selfSignedCertificate(dir);
    ca = readFileSync(join(dir, 'cert.pem'));

    db = await createTestDatabase();
    const appPort = await freePort();
    switchyard = runSwitchyard(['api,worker'], {
      RUNTIME_ENV: 'test',
      DATABASE_URL: db.url,
      HOST: '127.0.0.1',
      PORT: String(appPort),
      HEALTH_PORT: '0',
      LOG_LEVEL: 'info',
      SECRETS_KEY: 'test-secrets-key-0123456789-abcdefghij',
      API_SHARED_SECRET: TEST_API_SECRET,
      GITHUB_WEBHOOK_SECRET: TEST_GITHUB_SECRET,
      AUTH_BOOTSTRAP_LOGIN: 'on',
      // Exactly the proxy: a forwarded address is believed from nginx only.
      TRUST_PROXY: '127.0.0.1',
      // Larger than nginx's limit, so a 413 can only be nginx's.
      WEBHOOK_MAX_BODY_BYTES: String(1024 * 1024),
    });
    await switchyard.waitForOutput(/Switchyard ready/, 60_000);
    appUrl = `http://127.0.0.1:${appPort}`;

    [httpsPort, httpPort] = [await freePort(), await freePort()];
    const site = join(dir, 'switchyard.conf');
    await renderTemplate('switchyard-nginx.conf.j2', site, {
      switchyard_domain: 'localhost',
      switchyard_http_listen: `127.0.0.1:${httpPort}`,
      switchyard_https_listen: `127.0.0.1:${httpsPort}`,
      switchyard_https_port: httpsPort,
      switchyard_api_port: appPort,
      switchyard_api_replicas: 1,
      switchyard_tls_certificate: join(dir, 'cert.pem'),
      switchyard_tls_certificate_key: join(dir, 'key.pem'),
      switchyard_webhook_max_body_bytes: NGINX_BODY_LIMIT,
    });
    const config = join(dir, 'nginx.conf');
    writeFileSync(config, nginxMainConfig(dir, site));
    nginx = spawn(tool('nginx'), ['-c', config, '-p', dir, '-g', 'daemon off;'], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    await waitFor(async () => (await tls('GET', '/health')).status === 200, 'nginx to answer over TLS', 20_000);
  }, 120_000);

  afterAll(async () => {
    nginx?.kill('SIGQUIT');
    if (switchyard) {
      switchyard.process.kill('SIGTERM');
      await switchyard.exited;
    }
    await db?.drop();
  });

  it('serves TLS with HSTS, and sends plain http to https', async () => {
    const answer = await tls('GET', '/health');
    expect(answer.status).toBe(200);
    expect(answer.protocol).toMatch(/^TLSv1\.[23]$/);
    expect(answer.headers['strict-transport-security']).toBe('max-age=63072000; includeSubDomains');

    const plain = await new Promise<Answer>((resolve, reject) =>
      httpRequest(
        { host: '127.0.0.1', port: httpPort, path: '/dashboard?x=1', headers: { host: 'localhost' } },
        (res) => {
          res.resume();
          resolve({ status: res.statusCode!, headers: res.headers, body: '' });
        },
      )
        .on('error', reject)
        .end(),
    );
    expect(plain.status).toBe(301);
    expect(plain.headers.location).toBe(`https://localhost:${httpsPort}/dashboard?x=1`);
  });

  it('passes a signed webhook through to Switchyard, which stores it', async () => {
    const body = JSON.stringify(pullRequestPayload(7));
    const delivery = randomUUID();
    const answer = await tls('POST', '/webhooks/github', {
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'pull_request',
        'x-github-delivery': delivery,
        'x-hub-signature-256': githubSignature(TEST_GITHUB_SECRET, body),
      },
      body,
    });
    expect(answer.status).toBe(202);
    const { eventId } = JSON.parse(answer.body) as { eventId: string };
    const stored = await tls('GET', `/webhooks/events/${eventId}`, {
      headers: { authorization: `Bearer ${TEST_API_SECRET}` },
    });
    expect(stored.status).toBe(200);
    expect(JSON.parse(stored.body)).toMatchObject({
      id: eventId,
      deliveryId: delivery,
      type: 'github.pull_request.opened',
    });

    const forged = await tls('POST', '/webhooks/github', {
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'pull_request',
        'x-github-delivery': randomUUID(),
        'x-hub-signature-256': githubSignature('wrong', body),
      },
      body,
    });
    expect(forged.status).toBe(401);
  });

  it('refuses a body over the webhook limit with 413 at nginx, before Switchyard reads it', async () => {
    const marker = `too-large-${randomUUID()}`;
    const answer = await tls('POST', `/webhooks/github?${marker}`, {
      headers: { 'content-type': 'application/json', 'x-github-event': 'push', 'x-github-delivery': randomUUID() },
      body: Buffer.alloc(NGINX_BODY_LIMIT + 1, 'a'),
    });
    expect(answer.status).toBe(413);
    expect(answer.headers.server).toMatch(/^nginx/);
    // Under the limit goes through (and is Switchyard's to judge).
    const under = await tls('POST', `/webhooks/github?${marker}-small`, {
      headers: { 'content-type': 'application/json', 'x-github-event': 'push', 'x-github-delivery': randomUUID() },
      body: `{"pad":"${'a'.repeat(NGINX_BODY_LIMIT - 20)}"}`,
    });
    expect(under.status).toBe(401);
    await waitFor(async () => switchyard.output().includes(`${marker}-small`), 'the small delivery in the log');
    expect(switchyard.output()).not.toContain(`${marker}"`);
  });

  it('streams /dashboard/live through unbuffered: each event arrives as it is sent', async () => {
    const { cookie } = await bootstrapBrowser(appUrl, db);
    const received: { text: string; at: number }[] = [];
    const opened = Date.now();
    const stream = await new Promise<{ status: number; headers: IncomingHttpHeaders; close(): void }>(
      (resolve, reject) => {
        const req = httpsRequest(
          {
            host: '127.0.0.1',
            servername: 'localhost',
            port: httpsPort,
            path: '/dashboard/live',
            ca,
            headers: { host: 'localhost', accept: 'text/event-stream', cookie },
          },
          (res) => {
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => received.push({ text: chunk, at: Date.now() }));
            resolve({ status: res.statusCode!, headers: res.headers, close: () => req.destroy() });
          },
        );
        req.on('error', reject);
        req.end();
      },
    );
    try {
      expect(stream.status).toBe(200);
      expect(stream.headers['content-type']).toContain('text/event-stream');
      // The first few bytes (`retry:`) come at once: a buffering proxy would hold them for kilobytes more.
      await waitFor(async () => received.some((r) => r.text.includes('retry:')), 'the retry line', 3_000);
      expect(received[0]!.at - opened).toBeLessThan(3_000);

      const before = received.length;
      const body = JSON.stringify(pullRequestPayload(8));
      const sentAt = Date.now();
      const delivered = await tls('POST', '/webhooks/github', {
        headers: {
          'content-type': 'application/json',
          'x-github-event': 'pull_request',
          'x-github-delivery': randomUUID(),
          'x-hub-signature-256': githubSignature(TEST_GITHUB_SECRET, body),
        },
        body,
      });
      expect(delivered.status).toBe(202);
      const event = await waitFor(
        async () => received.slice(before).find((r) => /^event: /m.test(r.text)),
        'a live event through nginx',
        5_000,
      );
      expect(event.at - sentAt).toBeLessThan(5_000);
    } finally {
      stream.close();
    }
  });

  it("logs the client's own address, forwarded by nginx, not nginx's and not one the client made up", async () => {
    const marker = `who-${randomUUID()}`;
    const answer = await tls('GET', `/webhooks/events?q=${marker}`, {
      headers: { authorization: `Bearer ${TEST_API_SECRET}`, 'x-forwarded-for': '203.0.113.9' },
    });
    expect(answer.status).toBe(200);
    const line = await waitFor(
      async () => logLines().find((l) => l.msg === 'request completed' && l.req?.url?.includes(marker)),
      'the request line in the log',
    );
    expect(line.req!.remoteAddress).toBe(CLIENT_ADDRESS);

    // Deliveries are served ahead of Express and log the same address.
    const delivery = `delivery-${randomUUID()}`;
    await tls('POST', `/webhooks/github?${delivery}`, {
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'push',
        'x-github-delivery': randomUUID(),
        'x-forwarded-for': '203.0.113.9',
      },
      body: '{}',
    });
    const ingest = await waitFor(
      async () => logLines().find((l) => l.req?.url?.includes(delivery)),
      'the delivery in the log',
    );
    expect(ingest.req!.remoteAddress).toBe(CLIENT_ADDRESS);
    expect(switchyard.output()).not.toContain('203.0.113.9');
  });
});
