import { sleep } from '../../bench/support/report';
import type { FakeDiscord, Scripted } from '../../test/support/fake-discord';
import { readLedger, waitForDrain } from '../support/ledger';
import { DeliveryLoad } from '../support/load';
import { CHANNELS } from '../support/rules';
import { Scenario } from '../support/scenario';
import { GITHUB_SECRET } from '../support/world';

const STORM_MS = 30_000;
/** retry_after of the scripted 429s, less a little for timer granularity. */
const WAIT_MS = 950;

type Request = FakeDiscord['requests'][number];

/**
 * After each 429 that `matches`, how long until the next request that `follows` it: a waiter
 * that honours retry_after sends nothing there for a second. `[honoured, seen]`.
 */
function waitsAfter429(
  requests: Request[],
  matches: (r: Request) => boolean,
  follows: (r: Request, after: Request) => boolean,
) {
  let seen = 0;
  let honoured = 0;
  requests.forEach((request, i) => {
    if (request.status !== 429 || !matches(request)) return;
    const next = requests.slice(i + 1).find((r) => follows(r, request));
    if (!next) return;
    seen++;
    if (next.at - request.at >= WAIT_MS) honoured++;
  });
  return [honoured, seen] as const;
}

/**
 * What each channel is answered while the storm lasts, and how often: spaced beyond the retry
 * backoff (JOB_RETRY_* 1–4 s here), since a channel posts one job at a time and a denser storm
 * would fail that one post JOB_MAX_ATTEMPTS times over (dead, with the reason).
 */
const STORM: { channel: string; what: string; everyMs: number; answers: Scripted[] }[] = [
  {
    channel: CHANNELS.r0,
    what: '429 per route (retry_after 1 s)',
    everyMs: 3000,
    answers: [{ status: 429, retryAfter: 1 }],
  },
  {
    channel: CHANNELS.mirror,
    what: '429 global (retry_after 1 s)',
    everyMs: 6000,
    answers: [{ status: 429, retryAfter: 1, global: true }],
  },
  {
    channel: CHANNELS.r1,
    what: '5xx burst (500, 502, 503)',
    everyMs: 10_000,
    answers: [{ status: 500 }, { status: 502 }, { status: 503 }],
  },
  {
    channel: CHANNELS.r2,
    what: 'response lost after the message was made',
    everyMs: 5000,
    answers: [{ status: 'lost-response' }],
  },
];

/**
 * Two workers post while deliveries arrive at 15/s and Discord misbehaves for 30 s: per-route and
 * global 429s with retry_after, bursts of 5xx, answers lost after the message was created, and one
 * channel deleted mid-stream. Every post must be made once, in order, or (the deleted channel)
 * die with Discord's reason and hold the channel's later posts; none lost silently.
 */
export const discordStorm: Scenario = {
  name: 'discord-storm',
  title: 'Discord storms: 429 per route and global, 5xx, lost responses, a channel deleted',
  boundMs: 120_000,
  async run(context) {
    const world = await context.world('main', { workers: 2 });
    const discord = world.discord;
    const load = new DeliveryLoad(() => world.api.url, { rate: 15, secret: GITHUB_SECRET });
    load.start();
    await sleep(3000);
    const injected = new Map<string, number>();
    const stormStart = Date.now();
    const timers = STORM.map((storm) =>
      setInterval(() => {
        discord.next(storm.channel, ...storm.answers);
        injected.set(storm.what, (injected.get(storm.what) ?? 0) + storm.answers.length);
      }, storm.everyMs),
    );
    await sleep(STORM_MS / 3);
    discord.unknownChannel(CHANNELS.r3);
    const deletedAt = Date.now();
    context.log('channel r3 deleted');
    await sleep(Math.max(0, stormStart + STORM_MS - Date.now()));
    timers.forEach((timer) => clearInterval(timer));
    const faultEnd = Date.now();
    context.log('storm over');
    await load.stop();
    const drainedAt = await waitForDrain({ world, deliveries: load.deliveries }, 60_000);
    const ledger = await readLedger({ world, deliveries: load.deliveries });

    const given = (what: string, channel: string) => (injected.get(what) ?? 0) - discord.scriptedLeft(channel);
    const path = (channel: string) => `/api/v10/channels/${channel}/messages`;
    // Per route: nothing more to that channel for retry_after. Global: nothing at all from that
    // process; the requests on the same connection are the ones known to come from it.
    const perRoute = waitsAfter429(
      discord.requests,
      (r) => r.path === path(CHANNELS.r0),
      (r) => r.path === path(CHANNELS.r0),
    );
    // Only the global 429s: the fake's own per-channel limit answers per-route 429s there too.
    const global = waitsAfter429(
      discord.requests,
      (r) => r.path === path(CHANNELS.mirror) && r.global === true,
      (r, after) => r.remotePort === after.remotePort,
    );
    const problems: string[] = [];
    if (perRoute[0] < perRoute[1])
      problems.push(`a per-route 429's retry_after was not waited out (${perRoute[1] - perRoute[0]} times)`);
    if (global[0] < global[1])
      problems.push(`a global 429's retry_after was not waited out (${global[1] - global[0]} times)`);
    if (ledger.posts.dead === 0) problems.push('no post to the deleted channel died');
    if (ledger.posts.deadButPosted > 0) problems.push(`${ledger.posts.deadButPosted} dead posts were made anyway`);
    for (const reason of Object.keys(ledger.deadReasons)) {
      if (!/Unknown Channel/.test(reason)) problems.push(`a post died for another reason: ${reason}`);
    }
    return {
      ledger,
      recovery: { drainedMs: drainedAt && drainedAt - faultEnd },
      figures: {
        ...Object.fromEntries(STORM.map((storm) => [`answered ${storm.what}`, given(storm.what, storm.channel)])),
        'per-route 429 waited out before the next post there': `${perRoute[0]} of ${perRoute[1]}`,
        'global 429 waited out before the next request (same connection)': `${global[0]} of ${global[1]}`,
        'posts to r3 before it was deleted': discord.in(CHANNELS.r3).filter((m) => m.at < deletedAt).length,
      },
      problems,
    };
  },
};
