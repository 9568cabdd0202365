/**
 * The load generator's own process (forked by load-generator.ts): autocannon gets its own event loop
 * and V8 heap, so it never queues behind the server it measures. Each message runs one load phase.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import type { LoadPhase, LoadResult } from './load-generator';

/** Value at percentile p (0-100) of an ascending array, nearest-rank. */
function nearestRank(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

async function runPhase(phase: LoadPhase): Promise<LoadResult> {
  const body = Buffer.from(phase.body);
  const latencies = new Float64Array(phase.amount + phase.connections);
  const statusCodes: Record<string, number> = {};
  let answered = 0;
  let ok = 0;
  let lastAnswer = 0;
  const started = performance.now();
  const instance = autocannon({
    url: phase.url,
    method: 'POST',
    connections: phase.connections,
    amount: phase.amount,
    timeout: 30,
    headers: phase.headers,
    body,
    // Rebuilt before every request: each delivery gets its own X-GitHub-Delivery, as GitHub sends them.
    requests: [
      {
        setupRequest: (request) =>
          phase.uniqueDeliveryIds
            ? { ...request, headers: { ...request.headers, 'x-github-delivery': randomUUID() } }
            : request,
      },
    ],
  });
  instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    statusCodes[statusCode] = (statusCodes[statusCode] ?? 0) + 1;
    if (statusCode >= 200 && statusCode < 300) ok++;
    if (answered < latencies.length) latencies[answered] = responseTime;
    answered++;
    lastAnswer = performance.now();
  });
  const result = await instance;
  // Up to the last answer: autocannon notices that `amount` is reached only on its 1 s sampling tick,
  // so its own duration (and the promise) round every phase up to whole seconds.
  const seconds = ((lastAnswer || performance.now()) - started) / 1000;
  const sorted = latencies.subarray(0, Math.min(answered, latencies.length)).sort();
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
    latencyMs: {
      p50: nearestRank(sorted, 50),
      p90: nearestRank(sorted, 90),
      p99: nearestRank(sorted, 99),
      max: nearestRank(sorted, 100),
    },
  };
}

process.on('message', (message: { id: number; phase: LoadPhase }) => {
  runPhase(message.phase).then(
    (result) => process.send!({ id: message.id, result }),
    (error: unknown) => process.send!({ id: message.id, error: String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
