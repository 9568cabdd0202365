import { fuzzCorpus } from './corpus';
import type { Concern, FuzzCase, FuzzStep } from './fuzz-case';
import { GoogleKeys } from './google-keys';
import { fuzzTargets } from './targets';
import { sendRaw, WireAnswer } from './wire';

export interface FuzzOptions {
  /** The api, e.g. `http://127.0.0.1:3000`. Only loopback or the project's own test hosts. */
  baseUrl: string;
  /** A bearer token for the admin API (`API_SHARED_SECRET`): the fuzz sources are created through it. */
  apiToken: string;
  seed: number;
  cases: number;
  /** The api's `WEBHOOK_MAX_BODY_BYTES` (default 10 MiB), for bodies just under and over it. */
  maxBodyBytes?: number;
  /** Cases in flight at once (default 4). */
  concurrency?: number;
  /** Per request (default 15 s); a request not answered by then is recorded as `no answer`. */
  timeoutMs?: number;
  /** The api process's resident set size in bytes, when the caller can read it. */
  rss?: () => number | Promise<number>;
  /** Which of `markers` appear in stored bodies (the caller's database access); refused ones must not. */
  storedMarkers?: (markers: string[]) => Promise<string[]>;
}

export interface LedgerEntry {
  case: string;
  step: number;
  status: number | 'no answer';
  body: string;
  why: string;
}

export interface FuzzLedger {
  seed: number;
  cases: number;
  requests: number;
  durationMs: number;
  /** Answers by status (`no answer` when the connection closed without one). */
  byStatus: Record<string, number>;
  byConcern: Partial<Record<Concern, Record<string, number>>>;
  /** Every 5xx, with its case (at most 100 kept). */
  serverErrors: LedgerEntry[];
  /** Answers that broke a rule other than "no 5xx": a 4xx without a reason, a forgery accepted, … (at most 100). */
  unexpected: LedgerEntry[];
  /** Whether `GET /health` still answers 200 afterwards. */
  stillServing: boolean;
  rss?: { before: number; after: number };
  /** Cases refused at every step whose marker was found stored anyway. */
  storedRefused: string[];
}

const KEEP = 100;
const clip = (text: string, max = 300) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** Whether a 4xx body carries a reason a sender's log can show. */
function reasonOf(answer: WireAnswer): string | undefined {
  try {
    const message = (JSON.parse(answer.body) as { message?: unknown }).message;
    const text = Array.isArray(message) ? message.join('; ') : message;
    return typeof text === 'string' && text.trim() !== '' ? text : undefined;
  } catch {
    return undefined;
  }
}

/** Why an answer breaks the rules for its step, or undefined when it keeps them (5xx is judged apart). */
function violation(step: FuzzStep, answer: WireAnswer | undefined): string | undefined {
  if (!answer) return step.expect === 'transport' ? undefined : 'no answer';
  const { status } = answer;
  if (status >= 500 || step.expect === 'transport') return undefined;
  if (status >= 200 && status < 300) {
    return step.expect === 'refused' ? 'accepted a delivery that must be refused' : undefined;
  }
  if (status >= 400 && status < 500) {
    const reason = reasonOf(answer);
    if (!reason) return `${status} without a reason`;
    if (step.expect === 'accepted' && status !== 429) return `refused a valid delivery: ${reason}`;
    return undefined;
  }
  return `unexpected status ${status}`;
}

/**
 * Runs `cases` cases of the seed's corpus against a running api: creates one source per provider
 * (slugs unique to this run), sends every case, and returns the ledger. Bounded: a fixed number of
 * cases, each request with a timeout; it stops by itself. Google's keys for the Gmail source are
 * served on loopback, so Gmail deliveries verify only where the api has WEBHOOK_JWKS_ALLOW_PRIVATE=true.
 */
export async function runFuzz(options: FuzzOptions): Promise<FuzzLedger> {
  const started = Date.now();
  const origin = new URL(options.baseUrl).origin;
  const keys = new GoogleKeys();
  await keys.start();
  try {
    const tag = Date.now().toString(36).slice(-6);
    const targets = fuzzTargets(tag, keys);
    await createSources(options, targets);
    const ledger: FuzzLedger = {
      seed: options.seed,
      cases: 0,
      requests: 0,
      durationMs: 0,
      byStatus: {},
      byConcern: {},
      serverErrors: [],
      unexpected: [],
      stillServing: false,
      storedRefused: [],
    };
    const before = await options.rss?.();
    const refusedMarkers = new Map<string, string>();

    const corpus = fuzzCorpus({
      seed: options.seed,
      cases: options.cases,
      targets,
      origin,
      maxBodyBytes: options.maxBodyBytes ?? 10 * 1024 * 1024,
    });
    const runCase = async (fuzzCase: FuzzCase) => {
      const send = (step: FuzzStep) => sendRaw(origin, step.request, options.timeoutMs);
      const answers = fuzzCase.together
        ? await Promise.all(fuzzCase.steps.map(send))
        : await fuzzCase.steps.reduce<Promise<(WireAnswer | undefined)[]>>(
            async (done, step) => [...(await done), await send(step)],
            Promise.resolve([]),
          );
      ledger.cases++;
      let refusedEverywhere = true;
      answers.forEach((answer, index) => {
        ledger.requests++;
        const status = answer?.status ?? 'no answer';
        ledger.byStatus[status] = (ledger.byStatus[status] ?? 0) + 1;
        const concern = (ledger.byConcern[fuzzCase.concern] ??= {});
        concern[status] = (concern[status] ?? 0) + 1;
        const entry = (why: string): LedgerEntry => ({
          case: fuzzCase.id,
          step: index,
          status,
          body: clip(answer?.body ?? ''),
          why,
        });
        if (answer && answer.status >= 500) {
          if (ledger.serverErrors.length < KEEP) ledger.serverErrors.push(entry('server error'));
        } else {
          const why = violation(fuzzCase.steps[index]!, answer);
          if (why && ledger.unexpected.length < KEEP) ledger.unexpected.push(entry(why));
        }
        if (!answer || answer.status < 400 || answer.status >= 500) refusedEverywhere = false;
      });
      if (refusedEverywhere) refusedMarkers.set(fuzzCase.marker, fuzzCase.id);
    };

    const workers = Array.from({ length: options.concurrency ?? 4 }, async () => {
      for (;;) {
        const next = await corpus.next();
        if (next.done) return;
        await runCase(next.value);
      }
    });
    await Promise.all(workers);

    ledger.stillServing = await serving(origin);
    const after = await options.rss?.();
    if (before !== undefined && after !== undefined) ledger.rss = { before, after };
    if (options.storedMarkers && refusedMarkers.size > 0) {
      const stored = await options.storedMarkers([...refusedMarkers.keys()]);
      ledger.storedRefused = stored.map((marker) => refusedMarkers.get(marker) ?? marker);
    }
    ledger.durationMs = Date.now() - started;
    return ledger;
  } finally {
    await keys.stop();
  }
}

async function createSources(options: FuzzOptions, targets: ReturnType<typeof fuzzTargets>): Promise<void> {
  for (const target of targets) {
    const res = await fetch(`${options.baseUrl}/webhooks/sources`, {
      method: 'POST',
      headers: { authorization: `Bearer ${options.apiToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        slug: target.slug,
        provider: target.provider,
        secret: target.secret,
        settings: target.settings,
      }),
    });
    if (res.status !== 201)
      throw new Error(`Could not create source ${target.slug}: ${res.status} ${await res.text()}`);
  }
  // Every api process reads its sources through a cache of a few seconds: wait until the last one is known.
  const last = targets.at(-1)!;
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const probe = await fetch(`${options.baseUrl}/webhooks/${last.slug}`, { method: 'POST', body: '{}' });
    if (probe.status !== 404) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`Source ${last.slug} did not become known to the api`);
}

async function serving(origin: string): Promise<boolean> {
  for (let attempt = 0; attempt < 10; attempt++) {
    try {
      if ((await fetch(`${origin}/health`)).status === 200) return true;
    } catch {
      // not yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return false;
}
