/**
 * npm run bench:sync — the sync engine on a generic JSON source of BENCH_SYNC_ITEMS (50,000) items
 * served by a loopback fake in this process (500 a page), next to a bare loop that only pages the
 * same fake with the same guarded GET and JSON parsing, in the same run:
 * - bare loop: every page read and parsed, nothing else (the baseline);
 * - first run: every item new (a `created` event and a state row each);
 * - re-run with 1 % changed: hashes compared, 500 `updated` events, the rest marked seen;
 * - change → event: a second source of 1,000 items polled every 5 s (runs chained by the engine);
 *   one item changed in the fake every ~1.3 s, the time until its event is in the inbox (p50, p99).
 *
 * Environment: BENCH_DATABASE_URL (server to create the bench database on), BENCH_SYNC_ITEMS (50000),
 * BENCH_SYNC_SAMPLES (30).
 */
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { startSwitchyard } from '../src/bootstrap';
import { getJson } from '../src/sync/http/guarded-get';
import { FakeJsonApi, Item } from '../test/support/fake-json-api';
import { benchConfig } from './support/bench-config';
import { BenchDatabase, createBenchDatabase } from './support/bench-database';
import { machineNote } from './support/machine';
import { fmt, percentile, sleep, table, writeResults } from './support/report';

const ITEMS = Number(process.env.BENCH_SYNC_ITEMS ?? 50_000);
const SAMPLES = Number(process.env.BENCH_SYNC_SAMPLES ?? 30);
const PER_PAGE = 500;
const LATENCY_ITEMS = 1_000;
const API_SECRET = 'bench-api-shared-secret-0123456789';

const item = (id: number, revision = 0): Item => ({
  id,
  title: `Talk ${id}: ${revision ? `revision ${revision}` : 'first draft'}`,
  speaker: { name: `Speaker ${id % 997}`, company: `Company ${id % 101}` },
  abstract: 'A talk about polling APIs that send no webhooks, and what changed since the last time.'.repeat(2),
  tags: ['sync', `track-${id % 7}`],
  updated_at: '2026-12-01T10:00:00Z',
  views: id * 3,
});

interface RunRow {
  status: string;
  seen: number;
  created: number;
  updated: number;
  unchanged: number;
  duration_ms: number;
  error: string | null;
}

async function call(url: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${API_SECRET}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

const settings = (fake: FakeJsonApi, src: string) => ({
  url: `${fake.url}/pages?src=${src}`,
  resource: 'talk',
  itemsPath: 'data',
  titleField: 'title',
  authHeader: 'Authorization',
  paging: { type: 'page', sizeParam: 'per_page', size: PER_PAGE, pagesPath: 'meta.pagination.pages' },
  volatileFields: ['views'],
});

/** The baseline: every page fetched through the same guarded GET and parsed; nothing stored. */
async function bareLoop(fake: FakeJsonApi): Promise<number> {
  const limits = {
    allowPrivate: true,
    timeoutMs: 30_000,
    deadlineMs: 60_000,
    maxBytes: 64 << 20,
    retryAfterMaxSeconds: 60,
  };
  const started = performance.now();
  let seen = 0;
  for (let page = 1; ; page++) {
    const url = new URL(`${fake.url}/pages?src=bare&page=${page}&per_page=${PER_PAGE}`);
    const { body } = await getJson(url, { authorization: `Bearer ${fake.token}` }, limits);
    const data = (body as { data: unknown[]; meta: { pagination: { pages: number } } }).data;
    seen += data.length;
    if (page >= (body as { meta: { pagination: { pages: number } } }).meta.pagination.pages) break;
  }
  if (seen !== fake.size) throw new Error(`The bare loop saw ${seen} items, not ${fake.size}`);
  return (performance.now() - started) / 1000;
}

/** "Sync now" and the run it made, once ended; seconds from the request to the end. */
async function syncNow(url: string, db: BenchDatabase, slug: string): Promise<{ run: RunRow; seconds: number }> {
  const [{ n }] = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM sync_runs WHERE source = $1`, [
    slug,
  ])) as [{ n: number }];
  const started = performance.now();
  await call(url, 'POST', `/sync/sources/${slug}/run`);
  for (;;) {
    const runs = await db.query<RunRow>(
      `SELECT status, seen, created, updated, unchanged, duration_ms, error FROM sync_runs WHERE source = $1
        ORDER BY started_at OFFSET $2`,
      [slug, n],
    );
    const ended = runs.find((r) => r.status !== 'running');
    if (ended) {
      if (ended.status !== 'succeeded') throw new Error(`The run of ${slug} failed: ${ended.error}`);
      return { run: ended, seconds: (performance.now() - started) / 1000 };
    }
    await sleep(25);
  }
}

async function changeToEvent(url: string, db: BenchDatabase, fake: FakeJsonApi): Promise<number[]> {
  await call(url, 'POST', '/sync/sources', {
    slug: 'latency',
    connector: 'json',
    settings: settings(fake, 'latency'),
    secret: `Bearer ${fake.token}`,
    intervalSeconds: 5,
  });
  // The first listing creates the items; from then on runs chain every 5 s.
  await syncNow(url, db, 'latency');
  const samples: number[] = [];
  for (let i = 1; i <= SAMPLES; i++) {
    await sleep(800 + Math.random() * 1000);
    const id = 1 + Math.floor(Math.random() * LATENCY_ITEMS);
    const title = `Talk ${id}: latency sample ${i}`;
    fake.set({ ...item(id), title });
    const changed = performance.now();
    for (;;) {
      const found = await db.query(
        `SELECT 1 FROM webhook_events WHERE source = 'latency' AND description = $1 LIMIT 1`,
        [`talk ${id} updated: ${title}`],
      );
      if (found.length > 0) break;
      if (performance.now() - changed > 60_000) throw new Error(`No event for sample ${i} within 60 s`);
      await sleep(10);
    }
    samples.push(performance.now() - changed);
  }
  await call(url, 'POST', '/sync/sources/latency/pause');
  return samples.sort((a, b) => a - b);
}

async function main(): Promise<void> {
  console.log(`bench:sync: a JSON source of ${fmt(ITEMS)} items, ${PER_PAGE} a page; node ${process.version}`);
  console.log(machineNote());
  const fake = await new FakeJsonApi().start();
  fake.perPage = PER_PAGE;
  for (let id = 1; id <= ITEMS; id++) fake.set(item(id));
  const db = await createBenchDatabase();
  const config = benchConfig(db.url, {
    LOG_LEVEL: 'warn',
    API_SHARED_SECRET: API_SECRET,
    SYNC_HTTP_ALLOW_PRIVATE: 'true',
    SYNC_MAX_PAGES_PER_RUN: '10000',
    SYNC_RUN_MAX_SECONDS: '500',
    SCHEDULE_CHECK_INTERVAL_SECONDS: '5',
  });
  const app = await startSwitchyard({ roles: ['api', 'worker'], config });
  try {
    const rows: string[][] = [['phase', 'items/s', 'seconds', 'events written', 'ratio to bare']];
    const bareSeconds = await bareLoop(fake);
    const bareRate = ITEMS / bareSeconds;
    rows.push(['bare loop: page and parse (baseline)', fmt(bareRate), fmt(bareSeconds, 2), '0', '1.00']);

    await call(app.url, 'POST', '/sync/sources', {
      slug: 'talks',
      connector: 'json',
      settings: settings(fake, 'talks'),
      secret: `Bearer ${fake.token}`,
      intervalSeconds: 86_400,
    });
    const first = await syncNow(app.url, db, 'talks');
    const firstRate = first.run.seen / (first.run.duration_ms / 1000);
    rows.push([
      'first run (all new)',
      fmt(firstRate),
      fmt(first.run.duration_ms / 1000, 2),
      fmt(first.run.created),
      fmt(firstRate / bareRate, 2),
    ]);

    const changed = Math.round(ITEMS / 100);
    for (let k = 0; k < changed; k++) {
      const id = 1 + Math.floor((k * ITEMS) / changed);
      fake.set(item(id, 1));
    }
    const again = await syncNow(app.url, db, 'talks');
    const againRate = again.run.seen / (again.run.duration_ms / 1000);
    rows.push([
      're-run, 1 % changed',
      fmt(againRate),
      fmt(again.run.duration_ms / 1000, 2),
      fmt(again.run.updated),
      fmt(againRate / bareRate, 2),
    ]);
    if (again.run.updated !== changed || again.run.unchanged !== ITEMS - changed) {
      throw new Error(`The re-run counted ${again.run.updated} updated and ${again.run.unchanged} unchanged`);
    }
    const unchanged = await syncNow(app.url, db, 'talks');
    const unchangedRate = unchanged.run.seen / (unchanged.run.duration_ms / 1000);
    rows.push([
      're-run, nothing changed',
      fmt(unchangedRate),
      fmt(unchanged.run.duration_ms / 1000, 2),
      fmt(unchanged.run.created + unchanged.run.updated),
      fmt(unchangedRate / bareRate, 2),
    ]);
    console.log(`\n${table(rows)}`);

    for (let id = 1; id <= ITEMS; id++) if (id > LATENCY_ITEMS) fake.remove(id);
    const samples = await changeToEvent(app.url, db, fake);
    const p50 = percentile(samples, 50);
    const p99 = percentile(samples, 99);
    console.log(
      `\nchange in the fake → event in the inbox, ${LATENCY_ITEMS} items polled every 5 s, ${samples.length} samples: ` +
        `p50 ${fmt(p50 / 1000, 2)} s, p99 ${fmt(p99 / 1000, 2)} s (a run every 5 s: up to 5 s of waiting plus the run)`,
    );
    console.log(machineNote());
    console.log(
      `results: ${writeResults('sync', {
        items: ITEMS,
        perPage: PER_PAGE,
        itemsPerSecond: {
          bare: bareRate,
          firstRun: firstRate,
          rerunOnePercent: againRate,
          rerunUnchanged: unchangedRate,
        },
        eventsWritten: { firstRun: first.run.created, rerunOnePercent: again.run.updated, rerunUnchanged: 0 },
        changeToEventMs: { p50, p99, samples },
      })}`,
    );
  } finally {
    await app.stop();
    await fake.stop();
    await db.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
