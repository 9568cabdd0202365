/**
 * npm run bench:router — how fast the worker's batch router routes a backlog of stored events, next
 * to a bare claim loop in the same run: the same transaction shape (claim up to 500 pending events
 * in arrival order, FOR UPDATE SKIP LOCKED, mark them routed) with no rules, no plan and no jobs.
 *
 * Each phase stores BENCH_EVENTS GitHub events (the bench's 7.6 KB pull_request body; a tenth of them
 * `github.pull_request.opened`, the rest `github.push`) as `pending` with one INSERT, then times how long
 * until none is pending. The router phases run in Switchyard's worker (api+worker, started once):
 * - no rules: every event matches nothing (no body is read);
 * - one rule, `when github.pull_request.* then log`: a tenth match;
 * - one rule with a condition on the payload, `... where repository.full_name == "acme/api" then log`.
 *
 * Environment: BENCH_DATABASE_URL (server to create the bench database on), BENCH_EVENTS (20000).
 */
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { startSwitchyard } from '../src/bootstrap';
import { benchConfig } from './support/bench-config';
import { BenchDatabase, createBenchDatabase } from './support/bench-database';
import { pullRequestPayload } from './support/github-payload';
import { machineNote } from './support/machine';
import { fmt, sleep, table, writeResults } from './support/report';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 20_000);
const API_SECRET = 'bench-api-shared-secret-0123456789';
const BATCH = 500;

/** One statement: EVENTS pending events, arrival order as generated; a tenth pull_request.opened. */
async function storeBacklog(db: BenchDatabase, body: string): Promise<void> {
  await db.query(
    `INSERT INTO webhook_events (id, source, provider, event_type, provider_event_type, delivery_id, headers, body,
                                 description, verification, received_at, routing_status, route_job_id)
     SELECT id, 'github', 'github',
            CASE WHEN g % 10 = 0 THEN 'github.pull_request.opened' ELSE 'github.push' END,
            CASE WHEN g % 10 = 0 THEN 'pull_request' ELSE 'push' END,
            'bench-' || md5(random()::text) || g, '{}'::jsonb, $1, 'bench event', '{"ok":true}'::jsonb, now(),
            'pending', id
       FROM (SELECT gen_random_uuid() AS id, g FROM generate_series(1, $2::int) g) AS s`,
    [body, EVENTS],
  );
}

async function pendingCount(db: BenchDatabase): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM webhook_events WHERE routing_status = 'pending'`,
  );
  return row?.n ?? 0;
}

/** Seconds from the backlog's commit until nothing is pending (polled every 20 ms). */
async function timeUntilRouted(db: BenchDatabase, body: string): Promise<number> {
  await storeBacklog(db, body);
  // The router wakes on the insert's commit; storing the backlog is not routing it.
  const started = performance.now();
  while ((await pendingCount(db)) > 0) await sleep(20);
  return (performance.now() - started) / 1000;
}

/** The baseline: claim and mark routed, batch after batch, on one connection; nothing else. */
async function bareClaimLoop(db: BenchDatabase, body: string): Promise<number> {
  const client = new Client({ connectionString: db.url });
  await client.connect();
  try {
    await storeBacklog(db, body);
    const started = performance.now();
    for (;;) {
      await client.query('BEGIN');
      const { rows } = await client.query<{ id: string }>(
        `SELECT id, source, provider, event_type, provider_event_type, description, extra
           FROM webhook_events WHERE routing_status = 'pending' ORDER BY seq LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
      );
      await client.query(
        `UPDATE webhook_events SET routing_status = 'routed', routed_at = now() WHERE id = ANY($1::uuid[])`,
        [rows.map((r) => r.id)],
      );
      await client.query('COMMIT');
      if (rows.length < BATCH) break;
    }
    return (performance.now() - started) / 1000;
  } finally {
    await client.end();
  }
}

async function createRule(url: string, text: string): Promise<string> {
  const res = await fetch(`${url}/rules`, {
    method: 'POST',
    headers: { authorization: `Bearer ${API_SECRET}`, 'content-type': 'application/json' },
    body: JSON.stringify({ text }),
  });
  if (res.status !== 201) throw new Error(`Could not create rule "${text}": ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

async function deleteRule(url: string, id: string): Promise<void> {
  await fetch(`${url}/rules/${id}`, { method: 'DELETE', headers: { authorization: `Bearer ${API_SECRET}` } });
}

async function main(): Promise<void> {
  console.log(
    `bench:router: ${fmt(EVENTS)} stored events per phase (a tenth github.pull_request.opened); node ${process.version}`,
  );
  console.log(machineNote());
  const body = JSON.stringify(pullRequestPayload());
  const db = await createBenchDatabase();
  // Migrate (and nothing else) before the baseline: an api-only process does not route.
  const config = benchConfig(db.url, { LOG_LEVEL: 'warn', API_SHARED_SECRET: API_SECRET });
  const migrated = await startSwitchyard({ roles: ['api'], config });
  await migrated.stop();
  try {
    const rows: string[][] = [['phase', 'events/s', 'seconds']];
    const results: Record<string, number> = {};
    const record = (label: string, seconds: number) => {
      results[label] = EVENTS / seconds;
      rows.push([label, fmt(EVENTS / seconds), fmt(seconds, 2)]);
    };
    record('bare claim loop (baseline)', await bareClaimLoop(db, body));

    const app = await startSwitchyard({ roles: ['api', 'worker'], config });
    try {
      record('router, no rules', await timeUntilRouted(db, body));
      const matching = await createRule(app.url, 'when github.pull_request.* then log');
      record('router, a rule a tenth match', await timeUntilRouted(db, body));
      await deleteRule(app.url, matching);
      await createRule(app.url, 'when github.pull_request.* where repository.full_name == "acme/api" then log');
      record('router, the same with a condition', await timeUntilRouted(db, body));
    } finally {
      await app.stop();
    }
    console.log(`\n${table(rows)}`);
    const baseline = results['bare claim loop (baseline)']!;
    console.log(`ratio router (no rules) / bare claim loop: ${fmt(results['router, no rules']! / baseline, 2)}`);
    console.log(machineNote());
    console.log(`results: ${writeResults('router', { events: EVENTS, eventsPerSecond: results, baseline })}`);
  } finally {
    await db.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
