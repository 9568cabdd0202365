import { lookup } from 'node:dns/promises';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { isPublicAddress } from '../src/routing/forward/address-policy';
import { signStandardWebhook } from '../src/webhooks/providers/standard-webhooks/standard-webhooks-signature';
import { FakeDiscord } from './support/fake-discord';
import { postGithub, pullRequestPayload } from './support/github';
import { postJson, startTestApp, TestApp, waitFor } from './support/switchyard';
import { createTestDatabase, TestDatabase } from './support/test-database';

const CHANNEL = '223456789012345678';
const THREAD = '323456789012345678';
const FORWARD_SECRET = `whsec_${Buffer.from('switchyard-forward-test-secret-32b').toString('base64')}`;

/** A pull request event from its own repository, so each test's rules see only its own events. */
const pullRequestIn = (repo: string, number: number, changes: Record<string, unknown> = {}) => {
  const payload = pullRequestPayload(number);
  const pr = payload.pull_request as Record<string, unknown>;
  return {
    ...payload,
    repository: { ...(payload.repository as object), full_name: repo },
    pull_request: { ...pr, ...changes },
  };
};

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
  /** When the connection closed, for answers that never end by themselves. */
  closedAt?: number;
}

/**
 * An answer: a status, or a status with headers and a body that `trickle`s a byte every 200 ms or
 * streams `endless`ly (both until the client hangs up).
 */
type Answer = number | { status: number; headers?: Record<string, string>; body?: 'trickle' | 'endless' };

function answer(res: ServerResponse, scripted: Answer | undefined, received: Received): void {
  res.on('close', () => (received.closedAt = Date.now()));
  const { status, headers = {}, body } = typeof scripted === 'object' ? scripted : { status: scripted ?? 200 };
  res.writeHead(status, { 'content-type': 'text/plain', ...headers });
  if (body === 'trickle') {
    const timer = setInterval(() => res.write('.'), 200);
    res.on('close', () => clearInterval(timer));
  } else if (body === 'endless') {
    const chunk = Buffer.alloc(64 * 1024, 'x');
    const pump = () => {
      while (!res.destroyed && res.write(chunk));
      if (!res.destroyed) res.once('drain', pump);
    };
    pump();
  } else {
    res.end('receiver says hi');
  }
}

/** An HTTP receiver for http.forward (loopback unless told), answering from a script (then 200). */
async function startReceiver(
  host = '127.0.0.1',
): Promise<{ url: string; port: number; received: Received[]; answers: Answer[]; server: Server }> {
  const received: Received[] = [];
  const answers: Answer[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const entry: Received = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      received.push(entry);
      answer(res, answers.shift(), entry);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hook`, port, received, answers, server };
}

const put = (app: TestApp, path: string, body: unknown) =>
  app.api(path, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function jobOf(app: TestApp, eventId: string, queue: string) {
  return waitFor(async () => {
    const { jobs } = (await (await app.api(`/jobs?type=${queue}&limit=50`)).json()) as {
      jobs: { id: string; state: string; data: Record<string, unknown>; lastError?: string; result?: unknown }[];
    };
    return jobs.find((job) => job.data.eventId === eventId || (job.data.event as { id?: string })?.id === eventId);
  }, `a ${queue} job for event ${eventId}`);
}

describe('rule actions: templates, threads, jobs and http.forward', () => {
  let db: TestDatabase;
  let discord: FakeDiscord;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let app: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    discord = await new FakeDiscord('token').start();
    receiver = await startReceiver();
    app = await startTestApp({
      databaseUrl: db.url,
      env: {
        DISCORD_BOT_TOKEN: 'token',
        DISCORD_API_URL: discord.apiUrl,
        HTTP_FORWARD_SECRET: FORWARD_SECRET,
        HTTP_FORWARD_ALLOW_PRIVATE: 'true',
        HTTP_FORWARD_DEADLINE_SECONDS: '2',
        HTTP_FORWARD_MAX_RESPONSE_BYTES: '1024',
        HTTP_FORWARD_RETRY_AFTER_MAX_SECONDS: '7200',
        JOB_RETRY_BASE_SECONDS: '1',
      },
    });
  });
  afterAll(async () => {
    await app?.stop();
    await discord?.stop();
    await new Promise((resolve) => receiver?.server.close(resolve));
    await db?.drop();
  });

  describe('templates', () => {
    it('refuses a template that does not parse, saying where', async () => {
      const res = await put(app, '/templates/broken', { body: '{% if payload.x %}open' });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { message: string }).message).toBe(
        'Not a valid Liquid template: tag {% if payload.x %} not closed, line:1, col:1',
      );
    });

    it('renders a stored template with payload text escaped and links from the link filter', async () => {
      const saved = await put(app, '/templates/pr-short', {
        body: '{{ payload.pull_request.title | link: payload.pull_request.html_url }} by {{ payload.sender.login }} {{ builtin | size }}',
      });
      expect(saved.status).toBe(200);
      expect(
        (
          await postJson(app, '/rules', {
            text: `when github.pull_request.* where repository.full_name == "t/templates" then discord.post channel=${CHANNEL} template=pr-short`,
          })
        ).status,
      ).toBe(201);
      await postGithub(app.url, pullRequestIn('t/templates', 1, { title: 'Fix *all* the things @here' }));
      const [message] = await waitFor(async () => discord.in(CHANNEL).length === 1 && discord.in(CHANNEL), 'the post');
      expect(message!.content).toMatch(
        /^\[Fix \\\*all\\\* the things @\u200bhere\]\(<https:\/\/github\.com\/acme\/api\/pull\/1>\) by octocat \d+$/,
      );
    });

    it('refuses a rule naming an unknown template, and a delete of a template a rule uses', async () => {
      const res = await postJson(app, '/rules', {
        text: `when github.* then discord.post channel=${CHANNEL} template=nope`,
      });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { message: string[] }).message[0]).toMatch(
        /^unknown template "nope"; stored templates: pr-short; built-in: generic, github, /,
      );
      const del = await app.api('/templates/pr-short', { method: 'DELETE' });
      expect(del.status).toBe(409);
      expect(((await del.json()) as { message: string }).message).toMatch(/^Template "pr-short" is used by rule /);
    });

    it('previews a template against a sample payload without posting', async () => {
      const res = await postJson(app, '/templates/preview', {
        body: 'Deal {{ payload.dealname }} {% if payload.amount > 1000 %}💰{% endif %}',
        eventType: 'hubspot.deal.creation',
        payload: { dealname: 'ACME_renewal', amount: 5000 },
      });
      expect(await res.json()).toEqual({ message: 'Deal ACME\\_renewal 💰' });
    });
  });

  it('posts inline Liquid to a thread, and posts nothing when the template renders nothing', async () => {
    const text =
      '{% unless payload.pull_request.draft %}PR {{ payload.pull_request.number }}: {{ payload.pull_request.title }}{% endunless %}';
    const rule = `when github.pull_request.opened where repository.full_name == "t/threads" then discord.post channel=${CHANNEL} thread=${THREAD} text="${text.replace(/"/g, '\\"')}"`;
    expect((await postJson(app, '/rules', { text: rule })).status).toBe(201);
    await postGithub(app.url, pullRequestIn('t/threads', 2, { draft: true }));
    await postGithub(app.url, pullRequestIn('t/threads', 3, { title: 'Ship it' }));
    await waitFor(async () => discord.in(THREAD).length === 1, 'the thread post');
    expect(discord.in(THREAD).map((m) => m.content)).toEqual(['PR 3: Ship it']);
  });

  describe('job', () => {
    it('enqueues a job on the named queue with the rule’s parameters', async () => {
      const rule = `when github.pull_request.* where repository.full_name == "t/jobs" then job name=acme.sync-pr portal=62515 team="platform crew"`;
      expect((await postJson(app, '/rules', { text: rule })).status).toBe(201);
      const { eventId } = (await (await postGithub(app.url, pullRequestIn('t/jobs', 4))).json()) as { eventId: string };
      const job = await jobOf(app, eventId, 'acme.sync-pr');
      expect(job).toMatchObject({
        state: 'queued',
        data: {
          event: { id: eventId, type: 'github.pull_request.opened', source: 'github' },
          params: { portal: '62515', team: 'platform crew' },
        },
      });
    });

    it('refuses a job on one of Switchyard’s own queues', async () => {
      const res = await postJson(app, '/rules', { text: 'when github.* then job name=discord.post' });
      expect(res.status).toBe(400);
      expect(JSON.stringify(await res.json())).toContain("job name=discord.post is one of Switchyard's own queues");
    });
  });

  describe('http.forward', () => {
    beforeAll(async () => {
      const rule = `when github.pull_request.* where repository.full_name == "t/forward" then http.forward url=${receiver.url}`;
      expect((await postJson(app, '/rules', { text: rule })).status).toBe(201);
    });

    it('POSTs the event signed with Standard Webhooks headers, retrying a 5xx with the same webhook-id', async () => {
      receiver.answers.push(503);
      const { eventId } = (await (await postGithub(app.url, pullRequestIn('t/forward', 5))).json()) as {
        eventId: string;
      };
      await waitFor(async () => receiver.received.length >= 2, 'the retried forward', 20_000);
      const job = await waitFor(async () => {
        const found = await jobOf(app, eventId, 'http.forward');
        return found.state === 'succeeded' && found;
      }, 'the forward job to succeed');
      const [first, second] = receiver.received;
      expect(first!.headers['webhook-id']).toBe(job.id);
      expect(second!.headers['webhook-id']).toBe(job.id);
      const { headers, body } = second!;
      const expected = signStandardWebhook(
        FORWARD_SECRET,
        headers['webhook-id'] as string,
        headers['webhook-timestamp'] as string,
        Buffer.from(body),
      );
      expect(headers['webhook-signature']).toBe(`v1,${expected}`);
      expect(JSON.parse(body)).toMatchObject({
        type: 'github.pull_request.opened',
        data: { id: eventId, source: 'github', payload: { number: 5, repository: { full_name: 't/forward' } } },
      });
    });

    const forward = async (number: number) =>
      ((await (await postGithub(app.url, pullRequestIn('t/forward', number))).json()) as { eventId: string }).eventId;
    const forwardJob = (eventId: string, state: string) =>
      waitFor(
        async () => {
          const found = await jobOf(app, eventId, 'http.forward');
          return found.state === state && found;
        },
        `the forward job to be ${state}`,
        20_000,
      );

    it('marks the job dead with the receiver’s answer on a 4xx', async () => {
      receiver.answers.push(404);
      const job = await forwardJob(await forward(6), 'dead');
      expect(JSON.stringify(job)).toContain(`answered 404: receiver says hi`);
    });

    it('retries at the receiver’s Retry-After (capped), not after its own backoff', async () => {
      receiver.answers.push({ status: 429, headers: { 'retry-after': '3600' } });
      const asked = Date.now();
      const job = (await forwardJob(await forward(8), 'failed')) as unknown as { id: string; runAfter: string };
      expect(Date.parse(job.runAfter) - asked).toBeGreaterThan(3590_000);
      expect(Date.parse(job.runAfter) - asked).toBeLessThan(3700_000);
      expect(JSON.stringify(job)).toContain('answered 429');

      receiver.answers.push({ status: 503, headers: { 'retry-after': 'Fri, 31 Dec 2100 23:59:59 GMT' } });
      const capped = (await forwardJob(await forward(9), 'failed')) as unknown as { runAfter: string };
      expect(Date.parse(capped.runAfter) - Date.now()).toBeGreaterThan(7000_000);
      expect(Date.parse(capped.runAfter) - Date.now()).toBeLessThan(7300_000);
    });

    it('gives an answer that never ends HTTP_FORWARD_DEADLINE_SECONDS, then retries', async () => {
      receiver.answers.push({ status: 200, body: 'trickle' });
      const before = receiver.received.length;
      const job = await forwardJob(await forward(10), 'succeeded');
      expect(job).toMatchObject({ attempts: 2 });
      expect(receiver.received[before]?.closedAt).toBeDefined();
    });

    it('reads at most HTTP_FORWARD_MAX_RESPONSE_BYTES of an answer', async () => {
      receiver.answers.push({ status: 200, body: 'endless' });
      const before = receiver.received.length;
      const job = await forwardJob(await forward(11), 'succeeded');
      expect(job).toMatchObject({ attempts: 1, result: { status: 200 } });
      expect(receiver.received[before]?.closedAt).toBeDefined();
    });

    it('disables a target that answers 410 Gone, with an alert, until an admin enables it again', async () => {
      receiver.answers.push(410);
      const gone = await forwardJob(await forward(12), 'dead');
      expect(JSON.stringify(gone)).toContain(`forwarding to ${receiver.url} is now disabled`);
      const { targets } = (await (await app.api('/forward/targets/disabled')).json()) as { targets: { url: string }[] };
      expect(targets.map((t) => t.url)).toEqual([receiver.url]);
      const { alerts } = (await (await app.api('/alerts')).json()) as { alerts: { kind: string; subject: string }[] };
      expect(alerts).toContainEqual(
        expect.objectContaining({ kind: 'forward.target_disabled', subject: receiver.url }),
      );

      const requests = receiver.received.length;
      const refused = await forwardJob(await forward(13), 'dead');
      expect(JSON.stringify(refused)).toContain(`POST /forward/targets/enable`);
      expect(receiver.received).toHaveLength(requests);

      const enabled = await postJson(app, '/forward/targets/enable', { url: receiver.url });
      expect(await enabled.json()).toEqual({ url: receiver.url, enabled: true });
      expect((await postJson(app, '/forward/targets/enable', { url: receiver.url })).status).toBe(404);
      await app.api(`/jobs/${(refused as unknown as { id: string }).id}/redrive`, { method: 'POST' });
      await forwardJob(refused.data.eventId as string, 'succeeded');
      expect(receiver.received).toHaveLength(requests + 1);
      const after = (await (await app.api('/alerts')).json()) as { alerts: { subject: string }[] };
      expect(after.alerts.map((a) => a.subject)).not.toContain(receiver.url);
    });
  });
});

describe('http.forward address policy (private networks not allowed)', () => {
  let db: TestDatabase;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let app: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    receiver = await startReceiver();
    app = await startTestApp({ databaseUrl: db.url, env: { HTTP_FORWARD_SECRET: FORWARD_SECRET } });
  });
  afterAll(async () => {
    await app?.stop();
    await new Promise((resolve) => receiver?.server.close(resolve));
    await db?.drop();
  });

  it('refuses to save a rule forwarding to a loopback or private address', async () => {
    for (const url of [receiver.url, 'http://10.1.2.3/hook', 'http://[::1]:8080/x', 'http://localhost:9000/']) {
      const res = await postJson(app, '/rules', { text: `when github.* then http.forward url=${url}` });
      expect(res.status).toBe(400);
      expect(JSON.stringify(await res.json())).toContain('url is refused:');
    }
  });

  it('refuses at send time a loopback host saved under an earlier policy, reaching nothing', async () => {
    // As if saved while private networks were allowed: the policy is enforced again when sending.
    const url = receiver.url.replace('127.0.0.1', 'localhost');
    await db.query(`INSERT INTO rules (text, parsed, position) VALUES ($1, $2, 1)`, [
      `when github.** then http.forward url=${url}`,
      JSON.stringify({ pattern: ['github', '**'], action: { name: 'http.forward', params: { url } } }),
    ]);
    const { eventId } = (await (await postGithub(app.url, pullRequestIn('t/ssrf', 7))).json()) as { eventId: string };
    const job = await waitFor(async () => {
      const found = await jobOf(app, eventId, 'http.forward');
      return found.state === 'dead' && found;
    }, 'the forward job to be dead');
    expect(JSON.stringify(job)).toContain('Refused to forward to localhost:');
    expect(JSON.stringify(job)).toContain('localhost is a loopback host name');
    expect(receiver.received).toHaveLength(0);
  });

  it('refuses, on the connection itself, a host name that resolves to a non-public address', async () => {
    // The machine's own name: not a literal address nor `localhost`, so only the DNS check on the
    // connection (guarded-lookup.ts) can refuse it. It resolves to loopback or a private address.
    const host = hostname();
    const { address } = await lookup(host);
    expect(isPublicAddress(address)).toBe(false);
    const everywhere = await startReceiver('0.0.0.0');
    try {
      const url = `http://${host}:${everywhere.port}/hook`;
      expect((await postJson(app, '/rules', { text: `when github.** then http.forward url=${url}` })).status).toBe(201);
      const { eventId } = (await (await postGithub(app.url, pullRequestIn('t/dns', 8))).json()) as { eventId: string };
      const jobs = await waitFor(async () => {
        const { jobs: page } = (await (await app.api('/jobs?type=http.forward&limit=50')).json()) as {
          jobs: { state: string; data: { eventId: string; url: string } }[];
        };
        const found = page.find((job) => job.data.eventId === eventId && job.data.url === url);
        return found && found.state !== 'queued' && found.state !== 'running' && found;
      }, 'the forward job to finish');
      expect(jobs.state).toBe('dead');
      expect(JSON.stringify(jobs)).toContain(
        `Refused to forward: ${host} resolves to ${address}, which is not a public address`,
      );
      expect(everywhere.received).toHaveLength(0);
    } finally {
      await new Promise((resolve) => everywhere.server.close(resolve));
    }
  });
});
