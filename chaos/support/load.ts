import { randomUUID } from 'node:crypto';
import { githubHeaders, pullRequestPayload } from '../../bench/support/github-payload';
import { sleep } from '../../bench/support/report';
import { repositoryOf } from './rules';

/** One HTTP attempt of a delivery. status: the HTTP status, 0 for a network error, -1 for no answer in time. */
export interface Attempt {
  status: number;
  sentAt: number;
  answeredAt: number;
  /** The refusal's message, or the network error. */
  reason?: string;
}

/** One webhook delivery (one X-GitHub-Delivery id), sent and retried like a provider does. */
export interface Delivery {
  n: number;
  deliveryId: string;
  repository: string;
  attempts: Attempt[];
  /** From the first 2xx answer. */
  eventId?: string;
  acked: boolean;
}

export interface LoadOptions {
  /** Deliveries per second. */
  rate: number;
  secret: string;
  /** Waits before each retry of a delivery not answered 2xx (a 5xx, 429 or network error). */
  retryDelaysMs?: number[];
  /** An attempt unanswered after this is counted as a timeout (-1). */
  timeoutMs?: number;
  /** New deliveries wait while this many are unanswered. */
  maxInFlight?: number;
}

const retryable = (status: number) => status <= 0 || status === 429 || status >= 500;

/**
 * Signed GitHub `pull_request` deliveries at a steady rate to one api (its URL read for every
 * attempt), each retried with the same delivery id and body after a 5xx, 429 or network error as
 * providers do. Every attempt is recorded with its answer and times.
 */
export class DeliveryLoad {
  readonly deliveries: Delivery[] = [];
  private readonly base = pullRequestPayload() as Record<string, Record<string, unknown>>;
  private readonly work = new Set<Promise<void>>();
  private inFlight = 0;
  private running = false;
  private loop?: Promise<void>;

  constructor(
    private readonly url: () => string,
    private readonly options: LoadOptions,
  ) {}

  /** Starts sending at the steady rate until stop(). */
  start(): void {
    this.running = true;
    this.loop = this.steady();
  }

  /** Stops sending new deliveries and waits for every attempt and retry to finish. */
  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
    while (this.work.size > 0) await Promise.all([...this.work]);
  }

  /** `count` deliveries at once (at most `maxInFlight` unanswered); resolves when all are answered. */
  async burst(count: number): Promise<void> {
    const sent: Promise<void>[] = [];
    for (let i = 0; i < count; i++) {
      while (this.inFlight >= (this.options.maxInFlight ?? 64)) await sleep(5);
      sent.push(this.track(this.deliver()));
    }
    await Promise.all(sent);
  }

  /** Attempts answered in [from, to) (by answer time). */
  attemptsBetween(from: number, to = Infinity): Attempt[] {
    return this.deliveries.flatMap((d) => d.attempts).filter((a) => a.answeredAt >= from && a.answeredAt < to);
  }

  private async steady(): Promise<void> {
    const interval = 1000 / this.options.rate;
    const started = Date.now();
    let sent = 0;
    while (this.running) {
      const due = Math.floor((Date.now() - started) / interval) + 1;
      // Behind schedule (a hung server): skip ahead rather than send a flood.
      if (due - sent > this.options.rate) sent = due - 1;
      for (; sent < due && this.inFlight < (this.options.maxInFlight ?? 64); sent++) void this.track(this.deliver());
      if (sent < due) sent = due;
      await sleep(Math.max(5, interval / 2));
    }
  }

  private track(promise: Promise<void>): Promise<void> {
    this.work.add(promise);
    void promise.finally(() => this.work.delete(promise));
    return promise;
  }

  private async deliver(): Promise<void> {
    const n = this.deliveries.length;
    const repository = repositoryOf(n);
    const body = JSON.stringify({
      ...this.base,
      number: n,
      pull_request: { ...this.base.pull_request, number: n, title: `Chaos change ${n}` },
      repository: { ...this.base.repository, full_name: repository },
    });
    const delivery: Delivery = { n, deliveryId: randomUUID(), repository, attempts: [], acked: false };
    this.deliveries.push(delivery);
    const headers = { ...githubHeaders(body, this.options.secret), 'x-github-delivery': delivery.deliveryId };
    const delays = this.options.retryDelaysMs ?? [1000, 4000];
    for (let attempt = 0; ; attempt++) {
      const result = await this.attempt(headers, body);
      delivery.attempts.push(result.attempt);
      if (result.attempt.status >= 200 && result.attempt.status < 300) {
        delivery.acked = true;
        delivery.eventId = result.eventId;
        return;
      }
      if (!retryable(result.attempt.status) || attempt >= delays.length) return;
      await sleep(delays[attempt]!);
    }
  }

  private async attempt(
    headers: Record<string, string>,
    body: string,
  ): Promise<{ attempt: Attempt; eventId?: string }> {
    const sentAt = Date.now();
    this.inFlight++;
    try {
      const res = await fetch(`${this.url()}/webhooks/github`, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
      });
      const text = await res.text();
      let answer: { eventId?: string; message?: string } = {};
      try {
        answer = JSON.parse(text) as typeof answer;
      } catch {
        // not JSON: the status says enough
      }
      return {
        attempt: { status: res.status, sentAt, answeredAt: Date.now(), reason: answer.message },
        eventId: answer.eventId,
      };
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError';
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      return {
        attempt: {
          status: timedOut ? -1 : 0,
          sentAt,
          answeredAt: Date.now(),
          reason: timedOut ? 'no answer in time' : (cause?.code ?? cause?.message ?? (error as Error).message),
        },
      };
    } finally {
      this.inFlight--;
    }
  }
}
