/**
 * npm run bench:resumes — resume extraction as the worker runs it (the built code in dist/: a fresh
 * worker thread per file with the configured heap and time limits, then the heuristic profile), next
 * to a baseline in the same run: a plain-text resume through the same path, which costs the thread's
 * start and nothing else.
 *
 * Phases: BENCH_RESUME_BASELINE (20) text extractions; then BENCH_RESUME_EXTRACTIONS (100) extractions
 * alternating a two-page PDF and a DOCX (the files the tests generate), one after the other, while the
 * process's RSS is sampled every 20 ms (worker threads live in the worker process: their memory is its
 * memory). Reports p50/p99 per kind and as ratios to the baseline's p50, and RSS before, at its peak
 * and after (after a GC).
 */
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import type { extractText as ExtractText } from '../src/resumes/extraction/text-extractor';
import type { heuristicProfile as HeuristicProfile } from '../src/resumes/profile/heuristic-profile';
import { SAMPLE_PAGES, sampleDocx, samplePdf } from '../test/support/resume-files';
import { machineNote } from './support/machine';
import { fmt, percentile, table, writeResults } from './support/report';

const BASELINE = Number(process.env.BENCH_RESUME_BASELINE ?? 20);
const EXTRACTIONS = Number(process.env.BENCH_RESUME_EXTRACTIONS ?? 100);
const LIMITS = { timeoutMs: 20_000, memoryMb: 256 };

// The built code: its worker is the compiled parse-worker.js, as in production.
/* eslint-disable @typescript-eslint/no-require-imports */
const { extractText } = require(join(__dirname, '..', 'dist', 'resumes', 'extraction', 'text-extractor.js')) as {
  extractText: typeof ExtractText;
};
const { heuristicProfile } = require(join(__dirname, '..', 'dist', 'resumes', 'profile', 'heuristic-profile.js')) as {
  heuristicProfile: typeof HeuristicProfile;
};
/* eslint-enable @typescript-eslint/no-require-imports */

const mb = (bytes: number) => bytes / 1024 / 1024;

async function timed(type: 'pdf' | 'docx' | 'txt', bytes: Buffer): Promise<number> {
  const started = performance.now();
  const text = await extractText(type, bytes, LIMITS);
  const profile = heuristicProfile(text);
  if (!profile.name) throw new Error(`The ${type} sample gave no name: the bench would measure a failure`);
  return performance.now() - started;
}

async function main(): Promise<void> {
  console.log(
    `bench:resumes: ${BASELINE} text baseline extractions, then ${EXTRACTIONS} alternating PDF (2 pages) / DOCX; ` +
      `node ${process.version}`,
  );
  console.log(machineNote());
  const pdf = await samplePdf();
  const docx = await sampleDocx();
  const txt = Buffer.from(SAMPLE_PAGES.flat().join('\n'));
  // Warm-up: the first thread pays for loading the parsers from disk.
  await timed('pdf', pdf);
  await timed('docx', docx);

  const baseline: number[] = [];
  for (let i = 0; i < BASELINE; i++) baseline.push(await timed('txt', txt));

  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let rssPeak = rssBefore;
  const sampler = setInterval(() => {
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
  }, 20);
  const samples: Record<'pdf' | 'docx', number[]> = { pdf: [], docx: [] };
  const started = performance.now();
  for (let i = 0; i < EXTRACTIONS; i++) {
    const kind = i % 2 === 0 ? 'pdf' : 'docx';
    samples[kind].push(await timed(kind, kind === 'pdf' ? pdf : docx));
  }
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  global.gc?.();
  await new Promise((resolve) => setTimeout(resolve, 200));
  const rssAfter = process.memoryUsage().rss;

  const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
  const base = percentile(sorted(baseline), 50);
  const rows = [['kind', 'n', 'p50 ms', 'p99 ms', 'p50 / baseline p50']];
  const result: Record<string, { n: number; p50: number; p99: number; ratio: number }> = {};
  for (const [kind, values] of [
    ['txt (baseline)', baseline],
    ['pdf, 2 pages', samples.pdf],
    ['docx', samples.docx],
  ] as const) {
    const s = sorted(values);
    const p50 = percentile(s, 50);
    const p99 = percentile(s, 99);
    result[kind] = { n: s.length, p50, p99, ratio: p50 / base };
    rows.push([kind, String(s.length), fmt(p50, 1), fmt(p99, 1), fmt(p50 / base, 2)]);
  }
  console.log(`\n${table(rows)}`);
  console.log(
    `${EXTRACTIONS} extractions in ${fmt(seconds, 1)} s (${fmt(EXTRACTIONS / seconds, 1)}/s, one at a time); ` +
      `RSS ${fmt(mb(rssBefore))} MB before, ${fmt(mb(rssPeak))} MB at peak, ${fmt(mb(rssAfter))} MB after`,
  );
  console.log(machineNote());
  console.log(
    `results: ${writeResults('resumes', {
      latencyMs: result,
      rssMb: { before: mb(rssBefore), peak: mb(rssPeak), after: mb(rssAfter) },
      extractions: EXTRACTIONS,
      seconds,
    })}`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
