import type { JobState } from '../../src/jobs/job-state';
import { sleep } from '../../bench/support/report';
import { jobsByState, PostJob, postJobs, StoredEvent, storedEvents } from './job-records';
import type { Delivery } from './load';
import { eventIdIn, expectedChannels } from './rules';
import type { World } from './world';

/** What a scenario did to the system and what came out the other end, counted exactly. */
export interface Ledger {
  deliveries: {
    sent: number;
    attempts: number;
    /** Deliveries some attempt of which was answered 2xx. */
    acknowledged: number;
    /** ... of them answered 200 duplicate: an earlier attempt was stored though its answer was lost. */
    acknowledgedAsDuplicate: number;
    /** Attempts not answered 2xx, by status ("0" network error, "-1" no answer in time). */
    refused: Record<string, number>;
  };
  events: {
    stored: number;
    /** Stored although no attempt was acknowledged (the answer was lost): fine, they are routed. */
    storedUnacknowledged: number;
    /** Acknowledged but no row, or a row with another id than the answer gave: lost. */
    acknowledgedNotStored: number;
    byRoutingStatus: Record<string, number>;
  };
  jobs: Record<string, Partial<Record<JobState, number>>>;
  posts: {
    expected: number;
    made: number;
    /** Message posts Discord received (retries included, whatever it answered). */
    requests: number;
    /** Messages beyond the first for one event in one channel. */
    duplicates: number;
    /** Messages posted before a message whose job comes earlier in the channel's order. */
    outOfOrder: number;
    /** Messages for an event or channel nothing asked for. */
    unexpected: number;
    /** Expected posts whose job is dead, each with its reason below. */
    dead: number;
    /** Expected posts waiting behind a dead post of their channel (held, not lost). */
    parked: number;
    /** Expected posts neither made, dead nor parked: still on their way, or lost once drained. */
    missing: number;
    /** Dead jobs whose message Discord has anyway (the job's record says otherwise than Discord). */
    deadButPosted: number;
  };
  /** Every dead discord.post job's last error (and events whose routing died). */
  deadReasons: Record<string, number>;
}

export interface LedgerInput {
  world: World;
  deliveries: readonly Delivery[];
  /** Event ids whose posts a scenario does not count (e.g. replayed on purpose). */
  ignoreEvents?: ReadonlySet<string>;
}

const add = (counts: Record<string, number>, key: string, n = 1) => (counts[key] = (counts[key] ?? 0) + n);

/** Reads the inbox, pg-boss's jobs and the fake Discord's message log, and balances them. */
export async function readLedger({ world, deliveries, ignoreEvents }: LedgerInput): Promise<Ledger> {
  const [events, jobs, byQueue] = await Promise.all([
    storedEvents(world.db),
    postJobs(world.db),
    jobsByState(world.db),
  ]);
  const byDelivery = new Map(events.map((e) => [e.deliveryId, e]));
  const refused: Record<string, number> = {};
  let acknowledgedNotStored = 0;
  for (const delivery of deliveries) {
    for (const attempt of delivery.attempts)
      if (attempt.status < 200 || attempt.status > 299) add(refused, String(attempt.status));
    const row = byDelivery.get(delivery.deliveryId);
    if (delivery.acked && (!row || row.id !== delivery.eventId)) acknowledgedNotStored++;
  }
  const acked = new Set(deliveries.filter((d) => d.acked).map((d) => d.deliveryId));
  const byRoutingStatus: Record<string, number> = {};
  for (const event of events) add(byRoutingStatus, event.routingStatus);

  const posts = balancePosts(events, jobs, world.discord.messages, ignoreEvents ?? new Set());
  posts.posts.requests = world.discord.requests.filter(
    (r) => r.method === 'POST' && /\/channels\/\d+\/messages$/.test(r.path),
  ).length;
  return {
    deliveries: {
      sent: deliveries.length,
      attempts: deliveries.reduce((sum, d) => sum + d.attempts.length, 0),
      acknowledged: acked.size,
      acknowledgedAsDuplicate: deliveries.filter((d) => d.attempts.some((a) => a.status === 200)).length,
      refused,
    },
    events: {
      stored: events.length,
      storedUnacknowledged: events.filter((e) => !acked.has(e.deliveryId)).length,
      acknowledgedNotStored,
      byRoutingStatus,
    },
    jobs: byQueue,
    ...posts,
  };
}

/** Expected posts (events × their rules' channels) against pg-boss's jobs and Discord's message log. */
export function balancePosts(
  events: StoredEvent[],
  jobs: PostJob[],
  messages: readonly { channelId: string; content?: string }[],
  ignore: ReadonlySet<string>,
): Pick<Ledger, 'posts' | 'deadReasons'> {
  const key = (channel: string, event: string) => `${channel}/${event}`;
  const expected = new Map<string, StoredEvent>();
  for (const event of events) {
    if (ignore.has(event.id)) continue;
    for (const channel of expectedChannels(event.repository)) expected.set(key(channel, event.id), event);
  }
  // A carried post (coalesced into another job's plan) is delivered, dead or held as its carrier is.
  const byId = new Map(jobs.map((job) => [job.id, job]));
  const jobOf = new Map(
    jobs.map((job) => {
      const carrier = job.carrier ? byId.get(job.carrier) : undefined;
      return [key(job.channelId, job.eventId), carrier ? { ...carrier, order: job.order } : job];
    }),
  );

  const seen = new Map<string, number>();
  const lastOrder = new Map<string, number>();
  let duplicates = 0;
  let outOfOrder = 0;
  let unexpected = 0;
  // A channel's backlog is coalesced into fewer messages: each line of a message is one post.
  const posts = messages.flatMap((message) =>
    (message.content ?? '').split('\n').map((line) => ({ channelId: message.channelId, eventId: eventIdIn(line) })),
  );
  for (const { channelId, eventId } of posts) {
    if (eventId && ignore.has(eventId)) continue;
    const k = key(channelId, eventId ?? '?');
    const times = (seen.get(k) ?? 0) + 1;
    seen.set(k, times);
    if (!eventId || !expected.has(k)) {
      unexpected++;
      continue;
    }
    if (times > 1) {
      duplicates++;
      continue;
    }
    const order = jobOf.get(k)?.order;
    if (order === undefined) continue;
    if (order < (lastOrder.get(channelId) ?? -1)) outOfOrder++;
    else lastOrder.set(channelId, order);
  }

  // The first dead job of each channel: later posts of the channel wait behind it (key_strict_fifo).
  const firstDead = new Map<string, number>();
  for (const job of jobs)
    if (job.state === 'dead' && !firstDead.has(job.channelId)) firstDead.set(job.channelId, job.order);
  const deadReasons: Record<string, number> = {};
  let dead = 0;
  let parked = 0;
  let missing = 0;
  for (const [k, event] of expected) {
    if (seen.has(k)) continue;
    const job = jobOf.get(k);
    if (job?.state === 'dead') {
      dead++;
    } else if (job && job.state !== 'succeeded' && job.order > (firstDead.get(job.channelId) ?? Infinity)) {
      parked++;
    } else if (!job && event.routingStatus === 'failed') {
      dead++;
      add(deadReasons, 'routing failed');
    } else {
      missing++;
    }
  }
  for (const job of jobs) if (job.state === 'dead') add(deadReasons, job.error ?? 'no reason recorded');
  const deadButPosted = jobs.filter((job) => job.state === 'dead' && seen.has(key(job.channelId, job.eventId))).length;
  return {
    posts: {
      expected: expected.size,
      made: [...seen.keys()].filter((k) => expected.has(k)).length,
      requests: 0,
      duplicates,
      outOfOrder,
      unexpected,
      dead,
      parked,
      missing,
      deadButPosted,
    },
    deadReasons,
  };
}

/**
 * Waits until every stored event is routed and every expected post is made, dead or parked (or
 * the deadline passes); the moment that held, or undefined.
 */
export async function waitForDrain(input: LedgerInput, timeoutMs: number): Promise<number | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const ledger = await readLedger(input);
      const routing = (ledger.events.byRoutingStatus.pending ?? 0) + (ledger.events.byRoutingStatus.queued ?? 0);
      if (routing === 0 && ledger.posts.missing === 0) return Date.now();
    } catch {
      // the database may still be coming back
    }
    await sleep(500);
  }
  return undefined;
}
