/**
 * npm run bench:people — the people sync against a loopback EspoCRM holding BENCH_CONTACTS (10,000)
 * contacts of the agency seed's shape, next to a bare loop in the same run that only pages the fake
 * (same page size, select and order, through the same EspoClient) and keeps nothing:
 * - full sync, first run: every contact created;
 * - full sync, re-run with nothing changed: must write nothing (checked: every row's xmin unchanged);
 * - incremental lag: BENCH_LAG_SAMPLES (100) times, change one contact in the fake, POST
 *   /webhooks/espocrm/people-sync [{id}] to a running api+worker, and time from the 202 until the
 *   people row shows the change (polled every 5 ms); CRM_REFRESH_DEBOUNCE_SECONDS=0 here, so the
 *   figure is Switchyard's own lag (a configured debounce window adds up to its length).
 * The full syncs run `runFullSync`, the function the sync job and `sync-people` run.
 *
 * Environment: BENCH_DATABASE_URL, BENCH_CONTACTS (10000), BENCH_LAG_SAMPLES (100).
 */
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { startSwitchyard } from '../src/bootstrap';
import { EspoClient } from '../src/people/crm/espo-client';
import { contactAttributes } from '../src/people/mapping/map-contact';
import type { Sql } from '../src/people/store/sql';
import { runFullSync } from '../src/people/sync/run-full-sync';
import { FakeEspoCrm } from '../test/support/fake-espocrm';
import { benchConfig } from './support/bench-config';
import { createBenchDatabase } from './support/bench-database';
import { machineNote } from './support/machine';
import { fmt, percentile, sleep, table, writeResults } from './support/report';

const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 10_000);
const LAG_SAMPLES = Number(process.env.BENCH_LAG_SAMPLES ?? 100);
const API_SECRET = 'bench-api-shared-secret-0123456789';
const SYNC_TOKEN = 'bench-people-sync-token';
const SKILLS = ['TypeScript', 'PostgreSQL', 'Go', 'Figma', 'Kubernetes', 'Rust', 'React', 'Python'];

function seed(espo: FakeEspoCrm): void {
  for (let i = 0; i < CONTACTS; i++) {
    const skills = [SKILLS[i % 8]!, SKILLS[(i * 3 + 1) % 8]!];
    espo.addContact({
      firstName: `First${i}`,
      lastName: `Last${i}`,
      emailAddress: `person${i}@example.com`,
      emailAddressData: [
        { emailAddress: `person${i}@example.com`, primary: true, optOut: false, invalid: false },
        { emailAddress: `p${i}@work.example`, primary: false, optOut: false, invalid: false },
      ],
      phoneNumber: `+4420794${String(i).padStart(5, '0')}`,
      cDiscordUsername: i % 3 === 0 ? `user${i} (ID: ${100000000000000000 + i})` : `user${i}`,
      cGitHubUsername: `gh-user-${i}`,
      cLinkedIn: `https://www.linkedin.com/in/person-${i}`,
      skills,
      cSkillAttrs: JSON.stringify({ [skills[0]!]: { strength: (i % 5) + 1 } }),
      cRoles: i % 2 === 0 ? ['Developer'] : 'Designer, Mentor',
      cSeniority: ['Junior', 'Mid', 'Senior'][i % 3],
      cTimezone: `UTC+0${i % 10}:00`,
      addressCity: 'London',
      addressCountry: 'United Kingdom',
      cMemberAgreementSignedAt: '2024-05-01 12:30:00',
      resumeIds: [`att${i}`],
      resumeNames: { [`att${i}`]: `cv-${i}.pdf` },
      resumeTypes: { [`att${i}`]: 'application/pdf' },
    });
  }
}

/** The baseline: page through every contact the way the sync does, keeping nothing. */
async function bareLoop(client: EspoClient, select: string[]): Promise<number> {
  const started = performance.now();
  let seen = 0;
  for (let offset = 0; ; ) {
    const page = await client.list('Contact', { offset, maxSize: 200, select, orderBy: 'createdAt', order: 'asc' });
    seen += page.list.length;
    offset += page.list.length;
    if (page.list.length < 200) break;
  }
  if (seen !== CONTACTS) throw new Error(`The bare loop saw ${seen} contacts, not ${CONTACTS}`);
  return (performance.now() - started) / 1000;
}

async function main(): Promise<void> {
  console.log(`bench:people: ${fmt(CONTACTS)} contacts, ${LAG_SAMPLES} incremental samples; node ${process.version}`);
  console.log(machineNote());
  const espo = new FakeEspoCrm('bench-espo-key');
  espo.logRequests = false;
  await espo.start();
  seed(espo);
  const db = await createBenchDatabase();
  const config = benchConfig(db.url, {
    LOG_LEVEL: 'warn',
    API_SHARED_SECRET: API_SECRET,
    ESPO_BASE_URL: espo.url,
    ESPO_API_KEY: 'bench-espo-key',
    CRM_REFRESH_DEBOUNCE_SECONDS: '0',
  });
  const migrated = await startSwitchyard({ roles: ['api'], config });
  await migrated.stop();
  const client = new Client({ connectionString: db.url });
  await client.connect();
  const sql: Sql = async <T>(text: string, params?: unknown[]) => (await client.query(text, params)).rows as T[];
  const versions = async () =>
    (
      await sql<{ v: string }>(
        `SELECT md5(string_agg(crm_id || ':' || xmin::text, ',' ORDER BY crm_id)) AS v FROM people`,
      )
    )[0]!.v;
  try {
    const rows: string[][] = [['phase', 'contacts/s', 'seconds', 'created', 'changed', 'unchanged']];
    const results: Record<string, number> = {};
    const espoClient = new EspoClient(config.crm.espo!);
    const select = contactAttributes(config.crm.fields);
    await bareLoop(espoClient, select); // warm-up: JIT, keep-alive connections
    const bare = await bareLoop(espoClient, select);
    results['bare paging loop (baseline)'] = CONTACTS / bare;
    rows.push(['bare paging loop (baseline)', fmt(CONTACTS / bare), fmt(bare, 2), '', '', '']);

    const timed = async (label: string) => {
      const started = performance.now();
      const { counts } = await runFullSync(sql, config, { trigger: 'cli', requestedBy: 'bench', jobId: null });
      const seconds = (performance.now() - started) / 1000;
      results[label] = CONTACTS / seconds;
      rows.push([
        label,
        fmt(CONTACTS / seconds),
        fmt(seconds, 2),
        fmt(counts.created),
        fmt(counts.changed),
        fmt(counts.unchanged),
      ]);
      return counts;
    };
    const first = await timed('full sync, first run');
    if (first.created !== CONTACTS) throw new Error(`First run created ${first.created}, not ${CONTACTS}`);
    const before = await versions();
    const again = await timed('full sync, nothing changed');
    const unwritten = (await versions()) === before && again.created + again.changed + again.missing === 0;
    if (!unwritten) throw new Error('The no-change re-run wrote rows');

    const app = await startSwitchyard({ roles: ['api', 'worker'], config });
    const lags: number[] = [];
    try {
      const made = await fetch(`${app.url}/webhooks/sources`, {
        method: 'POST',
        headers: { authorization: `Bearer ${API_SECRET}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          slug: 'espocrm-people-sync',
          provider: 'generic',
          secret: SYNC_TOKEN,
          settings: { mode: 'token', header: 'X-Sync-Token' },
        }),
      });
      if (made.status !== 201) throw new Error(`Could not make the source: ${made.status} ${await made.text()}`);
      const ids = [...espo.contacts.keys()];
      for (let i = 0; i < LAG_SAMPLES; i++) {
        const id = ids[(i * 97) % ids.length]!;
        const mark = `Lag${i}`;
        espo.changeContact(id, { lastName: mark });
        const res = await fetch(`${app.url}/webhooks/espocrm/people-sync`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-sync-token': SYNC_TOKEN },
          body: JSON.stringify([{ id, sample: i }]),
        });
        if (res.status !== 202) throw new Error(`The webhook answered ${res.status} ${await res.text()}`);
        const accepted = performance.now();
        for (;;) {
          const [row] = await sql<{ last_name: string }>(
            `SELECT last_name FROM people WHERE crm = 'espocrm' AND crm_id = $1`,
            [id],
          );
          if (row?.last_name === mark) break;
          if (performance.now() - accepted > 30_000) throw new Error(`Sample ${i} not applied within 30 s`);
          await sleep(5);
        }
        lags.push(performance.now() - accepted);
      }
    } finally {
      await app.stop();
    }
    lags.sort((a, b) => a - b);
    console.log(`\n${table(rows)}`);
    const baseline = results['bare paging loop (baseline)'];
    console.log(
      `ratio full sync (first run) / bare paging loop: ${fmt(results['full sync, first run']! / baseline, 2)}`,
    );
    console.log(
      `ratio full sync (nothing changed) / bare paging loop: ${fmt(results['full sync, nothing changed']! / baseline, 2)}`,
    );
    console.log(`no-change re-run wrote nothing (every row's xmin unchanged): ${unwritten ? 'yes' : 'NO'}`);
    const lag = { p50: percentile(lags, 50), p99: percentile(lags, 99), max: lags.at(-1)! };
    console.log(
      `incremental lag, webhook 202 → updated row (${lags.length} samples): p50 ${fmt(lag.p50)} ms, p99 ${fmt(lag.p99)} ms, max ${fmt(lag.max)} ms`,
    );
    console.log(machineNote());
    console.log(
      `results: ${writeResults('people', { contacts: CONTACTS, contactsPerSecond: results, baseline, unwritten, lagMs: lag })}`,
    );
  } finally {
    await client.end();
    await db.drop();
    await espo.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
