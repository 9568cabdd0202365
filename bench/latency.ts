/**
 * npm run bench:latency — how long a webhook takes to become a Discord message, and how fast
 * queued messages go out.
 *
 * Latency: signed GitHub pull_request deliveries at a steady rate (BENCH_LATENCY_RATE per second for
 * BENCH_LATENCY_SECONDS, after a warm-up) to Switchyard (api + worker, one process, rules sending four
 * repositories to four channels); for each, the time from its 202 to its message arriving at a loopback
 * Discord that answers at once. Baseline in the same run: a bare relay (answers 202, then POSTs the
 * message itself: no storage, no queue), the floor of two HTTP hops on this machine.
 * Delivery throughput: BENCH_DELIVERY_MESSAGES posts over BENCH_DELIVERY_CHANNELS channels through the
 * discord.post queue (DiscordOutbox), against the same posts sent directly with @discordjs/rest, one
 * channel after another per channel and all channels in parallel (the order Switchyard keeps).
 *
 * Discord's global limit (50 requests/s per bot, DISCORD_GLOBAL_REQUESTS_PER_SECOND) is lifted to
 * BENCH_DISCORD_REQUESTS_PER_SECOND (5000) for both, so the run measures Switchyard, not the limiter.
 *
 * Environment: BENCH_DATABASE_URL, BENCH_LATENCY_RATE (100), BENCH_LATENCY_SECONDS (60),
 * BENCH_DELIVERY_MESSAGES (3000), BENCH_DELIVERY_CHANNELS (30), LOG_LEVEL (warn).
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { REST } from '@discordjs/rest';
import { RunningSwitchyard, startSwitchyard } from '../src/bootstrap';
import { DiscordOutbox } from '../src/discord/delivery/discord-outbox';
import type { LogLevel } from '../src/platform/config/app-config';
import { benchConfig } from './support/bench-config';
import { BenchDatabase, createBenchDatabase } from './support/bench-database';
import { githubHeaders, pullRequestPayload } from './support/github-payload';
import { InstantDiscord } from './support/instant-discord';
import { machineNote } from './support/machine';
import { collectGarbage, fmt, percentile, sleep, table, verdict, writeResults } from './support/report';

const RATE = Number(process.env.BENCH_LATENCY_RATE ?? 100);
const SECONDS = Number(process.env.BENCH_LATENCY_SECONDS ?? 60);
const WARMUP_SECONDS = 5;
const BASELINE_SECONDS = Math.min(SECONDS, 15);
const MESSAGES = Number(process.env.BENCH_DELIVERY_MESSAGES ?? 3000);
const CHANNELS = Number(process.env.BENCH_DELIVERY_CHANNELS ?? 30);
const DISCORD_RATE = Number(process.env.BENCH_DISCORD_REQUESTS_PER_SECOND ?? 5000);
const LOG_LEVEL = (process.env.LOG_LEVEL ?? 'warn') as LogLevel;
const SECRET = 'bench-github-secret';
const TARGET_P50_MS = 50;
const TARGET_P99_MS = 250;
const REPOS = 4;
const channelOf = (repo: number) => `30000000000000000${repo}`;

interface Sample {
  sentAt: number;
  acceptedAt?: number;
  deliveredAt?: number;
  status?: number;
}

/** The PR number in a message: the built-in formatter writes `\#<number> <title>`, the relay `#<number>`. */
/** The samples a message carries: one per line when a channel's backlog was coalesced into it. */
const numbersIn = (content: string): number[] => [...content.matchAll(/\\?#(\d+)/g)].map((match) => Number(match[1]));

function delivery(number: number): { body: string; headers: Record<string, string> } {
  const payload = pullRequestPayload() as Record<string, Record<string, unknown>>;
  const repo = number % REPOS;
  const body = JSON.stringify({
    ...payload,
    number,
    pull_request: { ...payload.pull_request, number },
    repository: { ...payload.repository, full_name: `acme/r${repo}` },
  });
  return { body, headers: { ...githubHeaders(body, SECRET), 'x-github-delivery': randomUUID() } };
}

/** Sends deliveries at a steady rate (catching up if a timer fires late) and records each one's timing. */
async function steadyLoad(url: string, samples: Map<number, Sample>, firstNumber: number, seconds: number) {
  const total = Math.round(RATE * seconds);
  const interval = 1000 / RATE;
  const started = performance.now();
  const inflight: Promise<void>[] = [];
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor((performance.now() - started) / interval) + 1);
    for (; sent < due; sent++) {
      const number = firstNumber + sent;
      const { body, headers } = delivery(number);
      const sample: Sample = { sentAt: performance.now() };
      samples.set(number, sample);
      inflight.push(
        fetch(url, { method: 'POST', headers, body }).then(
          async (res) => {
            sample.acceptedAt = performance.now();
            sample.status = res.status;
            await res.arrayBuffer();
          },
          () => {
            sample.status = -1;
          },
        ),
      );
    }
    await sleep(Math.max(1, interval / 2));
  }
  await Promise.all(inflight);
}

async function awaitDeliveries(samples: Map<number, Sample>, timeoutMs = 30_000): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  const missing = () => [...samples.values()].filter((s) => s.deliveredAt === undefined).length;
  while (missing() > 0 && performance.now() < deadline) await sleep(50);
  return missing();
}

function latencies(samples: Map<number, Sample>, from: number) {
  const measured = [...samples.entries()].filter(([number]) => number >= from).map(([, s]) => s);
  const accepted = measured.filter((s) => s.status === 202 && s.acceptedAt !== undefined);
  const toMessage = accepted
    .filter((s) => s.deliveredAt !== undefined)
    .map((s) => Math.max(0, s.deliveredAt! - s.acceptedAt!))
    .sort((a, b) => a - b);
  const endToEnd = accepted
    .filter((s) => s.deliveredAt !== undefined)
    .map((s) => s.deliveredAt! - s.sentAt)
    .sort((a, b) => a - b);
  return {
    sent: measured.length,
    accepted: accepted.length,
    delivered: toMessage.length,
    p50: percentile(toMessage, 50),
    p90: percentile(toMessage, 90),
    p99: percentile(toMessage, 99),
    max: toMessage[toMessage.length - 1] ?? NaN,
    endToEndP50: percentile(endToEnd, 50),
    endToEndP99: percentile(endToEnd, 99),
  };
}

/** Answers 202 and relays the message itself: what the two HTTP hops cost without storage or a queue. */
async function startRelay(discordApi: string) {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const payload = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { number: number };
      res.writeHead(202, { 'content-type': 'application/json' }).end('{}');
      void fetch(`${discordApi}/v10/channels/${channelOf(payload.number % REPOS)}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bot bench' },
        body: JSON.stringify({ content: `#${payload.number}` }),
      }).then((r) => r.arrayBuffer());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/github`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

async function deliveryBaseline(discord: InstantDiscord): Promise<number> {
  const rest = new REST({
    version: '10',
    api: discord.apiUrl,
    retries: 0,
    globalRequestsPerSecond: DISCORD_RATE,
  }).setToken('bench');
  const perChannel = Math.ceil(MESSAGES / CHANNELS);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CHANNELS }, async (_, c) => {
      for (let i = 0; i < perChannel; i++) {
        await rest.post(`/channels/40000000000000${String(c).padStart(4, '0')}/messages`, {
          body: { content: `direct ${i}` },
        });
      }
    }),
  );
  return (perChannel * CHANNELS) / ((performance.now() - started) / 1000);
}

async function deliveryThroughput(app: RunningSwitchyard, discord: InstantDiscord): Promise<number> {
  const outbox = app.app.get(DiscordOutbox);
  const perChannel = Math.ceil(MESSAGES / CHANNELS);
  const before = discord.messages.length;
  const total = perChannel * CHANNELS;
  const started = performance.now();
  for (let i = 0; i < perChannel; i++) {
    await Promise.all(
      Array.from({ length: CHANNELS }, (_, c) =>
        outbox.enqueue({ channelId: `50000000000000${String(c).padStart(4, '0')}`, content: `queued ${i}` }),
      ),
    );
  }
  // Posts, not messages: a channel's backlog is coalesced into fewer messages, one post per line.
  const posted = () =>
    discord.messages.slice(before).reduce((sum, message) => sum + message.content.split('\n').length, 0);
  const deadline = performance.now() + 120_000;
  while (posted() < total && performance.now() < deadline) await sleep(5);
  const last = discord.messages[discord.messages.length - 1]?.at ?? performance.now();
  return posted() / ((last - started) / 1000);
}

/**
 * Each message's path split at the timestamps Postgres keeps: received → routed (the router's
 * transaction made the discord.post job: job created_on), routed → picked up by a worker
 * (started_on), picked up → posted (completed_on).
 */
async function stageBreakdown(db: BenchDatabase) {
  const rows = await db.query<{ routed: number; picked: number; posted: number }>(
    `SELECT extract(epoch FROM j.created_on - e.received_at) * 1000 AS routed,
            extract(epoch FROM j.started_on - j.created_on) * 1000 AS picked,
            extract(epoch FROM j.completed_on - j.started_on) * 1000 AS posted
       FROM pgboss.job j JOIN webhook_events e ON e.id = (j.data->>'eventId')::uuid
      WHERE j.name = 'discord.post' AND j.state = 'completed'`,
  );
  const figures: Record<string, { p50: number; p99: number }> = {};
  const lines = [['stage', 'p50 ms', 'p99 ms']];
  for (const stage of ['routed', 'picked', 'posted'] as const) {
    const sorted = rows.map((r) => Number(r[stage])).sort((a, b) => a - b);
    figures[stage] = { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
    lines.push([stage, fmt(figures[stage].p50, 1), fmt(figures[stage].p99, 1)]);
  }
  return { figures, text: table(lines) };
}

async function main() {
  console.log(
    `bench:latency: ${RATE} webhooks/s for ${SECONDS} s (after ${WARMUP_SECONDS} s warm-up), ${REPOS} channels; ` +
      `delivery: ${fmt(MESSAGES)} posts over ${CHANNELS} channels; node ${process.version}, LOG_LEVEL=${LOG_LEVEL}`,
  );
  console.log(machineNote());

  const discord = await new InstantDiscord().start();
  const samples = new Map<number, Sample>();
  discord.onMessage = (message) => {
    for (const number of numbersIn(message.content)) {
      const sample = samples.get(number);
      if (sample && sample.deliveredAt === undefined) sample.deliveredAt = message.at;
    }
  };

  // Baseline: the bare relay.
  const relay = await startRelay(discord.apiUrl);
  await steadyLoad(relay.url, samples, 1, BASELINE_SECONDS);
  await awaitDeliveries(samples, 5_000);
  const bare = latencies(samples, 1);
  await relay.close();
  samples.clear();
  collectGarbage();

  const db = await createBenchDatabase();
  let app: RunningSwitchyard | undefined;
  try {
    const config = benchConfig(db.url, {
      GITHUB_WEBHOOK_SECRET: SECRET,
      API_SHARED_SECRET: 'bench-api-secret-0123456789',
      DISCORD_BOT_TOKEN: 'bench',
      DISCORD_API_URL: discord.apiUrl,
      // Discord's own global limit (50/s) would cap the run below the offered rate; measure Switchyard.
      DISCORD_GLOBAL_REQUESTS_PER_SECOND: String(DISCORD_RATE),
      LOG_LEVEL,
    });
    app = await startSwitchyard({ roles: ['api', 'worker'], config });
    for (let repo = 0; repo < REPOS; repo++) {
      const res = await fetch(`${app.url}/rules`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer bench-api-secret-0123456789' },
        body: JSON.stringify({
          text: `when github.pull_request.* where repository.full_name == "acme/r${repo}" then discord.post channel=${channelOf(repo)}`,
        }),
      });
      if (res.status !== 201) throw new Error(`rule not saved: ${res.status} ${await res.text()}`);
    }
    const url = `${app.url}/webhooks/github`;
    const warmupCount = Math.round(RATE * WARMUP_SECONDS);
    await steadyLoad(url, samples, 1, WARMUP_SECONDS);
    const first = warmupCount + 1;
    await steadyLoad(url, samples, first, SECONDS);
    const undelivered = await awaitDeliveries(samples);
    const switchyard = latencies(samples, first);
    const stages = await stageBreakdown(db);

    collectGarbage();
    const queued = await deliveryThroughput(app, discord);
    const direct = await deliveryBaseline(discord);

    const rows = [
      ['', 'sent', 'accepted', 'delivered', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'sent→msg p50', 'sent→msg p99'],
      ...[
        ['bare relay (baseline)', bare],
        ['Switchyard api+worker', switchyard],
      ].map(([name, r]) => {
        const l = r as ReturnType<typeof latencies>;
        return [
          name as string,
          fmt(l.sent),
          fmt(l.accepted),
          fmt(l.delivered),
          fmt(l.p50, 1),
          fmt(l.p90, 1),
          fmt(l.p99, 1),
          fmt(l.max, 1),
          fmt(l.endToEndP50, 1),
          fmt(l.endToEndP99, 1),
        ];
      }),
    ];
    console.log(`\nAccepted (202) → message at Discord, ${RATE}/s for ${SECONDS} s:\n${table(rows)}`);
    console.log(
      `ratio to baseline: p50 ${fmt(switchyard.p50 / bare.p50, 1)}x, p99 ${fmt(switchyard.p99 / bare.p99, 1)}x; ` +
        `undelivered: ${undelivered}`,
    );
    const latencyMet =
      switchyard.p50 <= TARGET_P50_MS &&
      switchyard.p99 <= TARGET_P99_MS &&
      undelivered === 0 &&
      switchyard.accepted === switchyard.sent;
    console.log(
      `where the time goes (from the rows: event received_at, job created/started/completed):\n${stages.text}`,
    );
    console.log(
      `target p50 ≤ ${TARGET_P50_MS} ms, p99 ≤ ${TARGET_P99_MS} ms, every delivery accepted and posted: ${verdict(latencyMet)}`,
    );
    console.log(
      `\nDelivery throughput, ${fmt(MESSAGES)} posts over ${CHANNELS} channels (in order per channel):\n` +
        table([
          ['', 'posts/s'],
          ['direct @discordjs/rest (baseline)', fmt(direct)],
          ['discord.post queue', fmt(queued)],
        ]) +
        `\nratio: ${fmt(queued / direct, 2)}`,
    );
    const file = writeResults('latency', {
      rate: RATE,
      seconds: SECONDS,
      bare,
      switchyard,
      stages: stages.figures,
      undelivered,
      latencyMet,
      delivery: { messages: MESSAGES, channels: CHANNELS, queuedPerSecond: queued, directPerSecond: direct },
    });
    console.log(`\nresults: ${file}`);
  } finally {
    await app?.stop();
    await discord.stop();
    await db.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
