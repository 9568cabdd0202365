/**
 * npm run chaos [-- <scenario> ...]: the fault suite. Starts real Switchyard processes against a
 * PostgreSQL cluster of its own and a loopback fake Discord, does something bad to them (kill -9,
 * the database stopped, connections cut, Discord storms, hostile input), and prints each
 * scenario's ledger: what went in, what was stored, routed and posted, and what was lost, doubled
 * or reordered. Exits 1 if any scenario loses or doubles anything or overruns its time bound,
 * 2 on an unknown scenario name. `--list` names the scenarios. See chaos/README.md.
 */
import 'reflect-metadata';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../test/support/child-process';
import { machineNote } from '../bench/support/machine';
import { ChaosCluster } from './support/cluster';
import { ledgerProblems, ledgerTable, SummaryRow, summaryTable } from './support/report';
import type { Scenario, ScenarioContext, ScenarioResult } from './support/scenario';
import { World } from './support/world';
import { SCENARIOS } from './scenarios';

/** The whole suite must finish within this. */
const SUITE_BOUND_MS = 15 * 60_000;

/** Writes chaos/results/chaos-<timestamp>.json (ignored by git) and returns its path. */
function writeResults(data: unknown): string {
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `chaos-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
  return file;
}

const elapsed = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)}s`;

async function runScenario(scenario: Scenario, cluster: ChaosCluster): Promise<SummaryRow> {
  const began = Date.now();
  const worlds: World[] = [];
  const context: ScenarioContext = {
    cluster,
    log: (line) => process.stderr.write(`[${scenario.name} ${elapsed(began)}] ${line}\n`),
    world: async (name, options) => {
      const world = await World.create(cluster, `${scenario.name}_${name}`, options);
      worlds.push(world);
      return world;
    },
  };
  let overran: NodeJS.Timeout | undefined;
  let result: ScenarioResult;
  const problems: string[] = [];
  try {
    result = await Promise.race([
      scenario.run(context),
      new Promise<never>((_, reject) => {
        overran = setTimeout(
          () => reject(new Error(`exceeded its bound of ${scenario.boundMs / 1000} s`)),
          scenario.boundMs,
        );
      }),
    ]);
  } catch (error) {
    result = { figures: {}, problems: [] };
    problems.push(`did not finish: ${(error as Error).message}`);
  } finally {
    clearTimeout(overran);
  }
  for (const world of worlds) {
    for (const process of world.processes) {
      for (const crash of process.crashes) {
        problems.push(`${process.name} exited by itself (code ${crash.code}, signal ${crash.signal}):\n${crash.tail}`);
      }
    }
  }
  await Promise.all(worlds.map((w) => w.close().catch((error: Error) => context.log(`cleanup: ${error.message}`))));
  const elapsedMs = Date.now() - began;
  if (elapsedMs > scenario.boundMs) problems.push(`took ${(elapsedMs / 1000).toFixed(1)} s, over its bound`);
  problems.push(...ledgerProblems(result), ...result.problems);
  return { name: scenario.name, result, elapsedMs, boundMs: scenario.boundMs, problems };
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.includes('--list')) {
    for (const s of SCENARIOS) process.stdout.write(`${s.name.padEnd(22)} ${s.title}\n`);
    return 0;
  }
  const unknown = args.filter((name) => !SCENARIOS.some((s) => s.name === name));
  if (unknown.length > 0) {
    process.stderr.write(`Unknown scenario ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.name).join(', ')}\n`);
    return 2;
  }
  if (!existsSync(join(ROOT, 'dist', 'main.js'))) {
    process.stderr.write('dist/main.js is missing: run `npm run build` (npm run chaos does)\n');
    return 1;
  }
  const chosen = args.length > 0 ? SCENARIOS.filter((s) => args.includes(s.name)) : SCENARIOS;
  process.stdout.write(`${machineNote()}\n`);
  const began = Date.now();
  const cluster = new ChaosCluster();
  await cluster.start();
  const rows: SummaryRow[] = [];
  try {
    for (const scenario of chosen) {
      process.stderr.write(`\n== ${scenario.name}: ${scenario.title}\n`);
      const row = await runScenario(scenario, cluster);
      rows.push(row);
      process.stdout.write(`\n${scenario.name}: ${scenario.title}\n${ledgerTable(row.result)}\n`);
      for (const problem of row.problems) process.stdout.write(`  PROBLEM: ${problem}\n`);
    }
  } finally {
    await cluster.remove();
  }
  const totalMs = Date.now() - began;
  process.stdout.write(`\n${summaryTable(rows)}\n`);
  const suiteProblem = chosen.length === SCENARIOS.length && totalMs > SUITE_BOUND_MS;
  process.stdout.write(
    `whole run: ${(totalMs / 1000).toFixed(0)} s${chosen.length === SCENARIOS.length ? ` (bound ${SUITE_BOUND_MS / 60_000} min)` : ''}\n`,
  );
  process.stdout.write(`results: ${writeResults(rows.map(({ result, ...row }) => ({ ...row, ...result })))}\n`);
  return rows.some((r) => r.problems.length > 0) || suiteProblem ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `chaos run failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
