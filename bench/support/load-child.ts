/**
 * The load generator's own process (forked by load-generator.ts): autocannon gets its own event loop
 * and V8 heap, so it never queues behind the server it measures. Each message runs one load phase.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { answeredEvents } from './answer-events';
import type { Latency, LoadPhase, LoadResult, PrebuiltPhase, RepeatedPhase, TagResult } from './load-generator';

/** Value at percentile p (0-100) of an ascending array, nearest-rank. */
function nearestRank(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function latencyOf(samples: Float64Array): Latency {
  const sorted = samples.sort();
  return {
    p50: nearestRank(sorted, 50),
    p90: nearestRank(sorted, 90),
    p99: nearestRank(sorted, 99),
    max: nearestRank(sorted, 100),
  };
}

interface Outgoing {
  tag: string;
  path?: string;
  headers?: Record<string, string>;
  body?: Buffer;
  events: number;
}

/** Per-client state autocannon hands to setupRequest and onResponse (a client has one request in flight). */
interface ClientContext {
  current?: Outgoing;
}

class TagTally {
  answered = 0;
  ok = 0;
  statusCodes: Record<string, number> = {};
  events = 0;
  eventIds: string[] = [];
  eventsSent = 0;
  mismatchedAnswers = 0;
  duplicates = 0;
  latencies: number[] = [];

  result(seconds: number): TagResult {
    const { latencies, ...counts } = this;
    return {
      ...counts,
      okPerSecond: this.ok / seconds,
      eventsPerSecond: this.events / seconds,
      latencyMs: latencyOf(Float64Array.from(latencies)),
    };
  }
}

/** The requests of a phase, in the order they are to be sent. */
function outgoing(phase: LoadPhase): () => Outgoing {
  if ('requests' in phase) return prebuilt(phase);
  return repeated(phase);
}

function prebuilt(phase: PrebuiltPhase): () => Outgoing {
  if (!phase.cycle && phase.amount > phase.requests.length) {
    throw new Error(`${phase.label}: ${phase.amount} requests asked for, ${phase.requests.length} built`);
  }
  const requests: Outgoing[] = phase.requests.map((r) => ({ ...r, body: Buffer.from(r.body) }));
  let next = 0;
  return () => requests[next++ % requests.length]!;
}

function repeated(phase: RepeatedPhase): () => Outgoing {
  const same: Outgoing = { tag: phase.tag, events: 1 };
  // Each delivery gets its own X-GitHub-Delivery, as GitHub sends them.
  return () =>
    phase.uniqueDeliveryIds ? { ...same, headers: { ...phase.headers, 'x-github-delivery': randomUUID() } } : same;
}

async function runPhase(phase: LoadPhase): Promise<LoadResult> {
  const next = outgoing(phase);
  const latencies = new Float64Array(phase.amount + phase.connections);
  const statusCodes: Record<string, number> = {};
  const tags = new Map<string, TagTally>();
  const tally = (tag: string) => tags.get(tag) ?? tags.set(tag, new TagTally()).get(tag)!;
  let answered = 0;
  let ok = 0;
  let lastAnswer = 0;
  // The tag of the answer being counted: onResponse runs just before the 'response' event of the same client.
  let answeredTally: TagTally | undefined;
  const started = performance.now();
  const instance = autocannon({
    url: phase.url,
    method: 'POST',
    connections: phase.connections,
    amount: phase.amount,
    timeout: 30,
    headers: 'headers' in phase ? phase.headers : {},
    body: 'body' in phase ? Buffer.from(phase.body) : undefined,
    requests: [
      {
        // Called once per request sent, just before it is written.
        setupRequest: (request, context: ClientContext) => {
          const out = next();
          context.current = out;
          return {
            ...request,
            path: out.path ?? request.path,
            // A copy: autocannon adds Content-Length to the object it gets.
            headers: out.headers ? { ...out.headers } : request.headers,
            body: out.body ?? request.body,
          };
        },
        onResponse: (status, body, context: ClientContext) => {
          const sent = context.current;
          if (!phase.readAnswers || !sent) {
            answeredTally = undefined;
            return;
          }
          const t = (answeredTally = tally(sent.tag));
          t.answered++;
          t.statusCodes[status] = (t.statusCodes[status] ?? 0) + 1;
          if (status < 200 || status >= 300) return;
          t.ok++;
          t.eventsSent += sent.events;
          const answer = answeredEvents(body);
          if (!answer) {
            t.mismatchedAnswers++;
            return;
          }
          if (answer.duplicate) t.duplicates++;
          if (answer.ids.length !== sent.events) t.mismatchedAnswers++;
          t.events += answer.ids.length;
          for (const id of answer.ids) t.eventIds.push(id);
        },
      },
    ],
  });
  instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    statusCodes[statusCode] = (statusCodes[statusCode] ?? 0) + 1;
    if (statusCode >= 200 && statusCode < 300) ok++;
    if (answered < latencies.length) latencies[answered] = responseTime;
    answeredTally?.latencies.push(responseTime);
    answered++;
    lastAnswer = performance.now();
  });
  const result = await instance;
  // Up to the last answer: autocannon notices that `amount` is reached only on its 1 s sampling tick,
  // so its own duration (and the promise) round every phase up to whole seconds.
  const seconds = ((lastAnswer || performance.now()) - started) / 1000;
  const byTag = Object.fromEntries([...tags].map(([tag, t]) => [tag, t.result(seconds)]));
  const events = Object.values(byTag).reduce((sum, t) => sum + t.events, 0);
  return {
    label: phase.label,
    connections: phase.connections,
    requested: phase.amount,
    sent: result.requests.sent,
    answered,
    ok,
    autocannon2xx: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
    seconds,
    okPerSecond: ok / seconds,
    events,
    eventsPerSecond: events / seconds,
    latencyMs: latencyOf(latencies.subarray(0, Math.min(answered, latencies.length))),
    byTag,
  };
}

process.on('message', (message: { id: number; phase: LoadPhase }) => {
  runPhase(message.phase).then(
    (result) => process.send!({ id: message.id, result }),
    (error: unknown) => process.send!({ id: message.id, error: String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
