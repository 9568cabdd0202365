import { sleep } from '../../bench/support/report';
import { alice, TEAM } from '../../test/support/discord-world';
import type { FakeInteraction } from '../../test/support/fake-discord-interactions';
import { DeliveryLoad } from '../support/load';
import { Scenario } from '../support/scenario';
import { GITHUB_SECRET, World } from '../support/world';

/**
 * answered: the command's own answer; reported: told after the restart that it was not finished
 * (UnfinishedAnswers); thinking: acknowledged and never answered; failed: never acknowledged, which
 * Discord itself reports to the person after 3 s.
 */
type Outcome = 'answered' | 'reported' | 'thinking' | 'failed';

interface Asked {
  label: string;
  interaction: FakeInteraction;
  /** Killed while it was being worked on; otherwise asked after a restart. */
  killed: boolean;
}

/** What the person ends up seeing, and how many times the bot tried to answer. */
function outcomeOf(world: World, asked: Asked): { outcome: Outcome; callbacks: number; messages: number } {
  const { interaction } = asked;
  const callbacks = world.discord.requests.filter((r) =>
    r.path.startsWith(`/api/v10/interactions/${interaction.id}/`),
  ).length;
  const messages = interaction.messages.length;
  const outcome: Outcome =
    messages > 0
      ? interaction.answer.content.startsWith('⚠️ Switchyard restarted before it finished')
        ? 'reported'
        : 'answered'
      : interaction.acknowledged
        ? 'thinking'
        : 'failed';
  return { outcome, callbacks, messages };
}

/**
 * The bot killed with -9 in the middle of an interaction, four times: twice before it answered
 * (its work waits on a lock the harness holds), twice after it acknowledged the interaction
 * ("thinking…") but before the answer. Each time it is started again and asked `/ping`. No
 * interaction may be answered twice; each after a restart is answered once; one killed mid-way is
 * answered once, told after the restart that it was not finished, or (never acknowledged) failed
 * as Discord reports it, never left thinking; its work (an admin's `/replay`) done at most once.
 */
export const botKill: Scenario = {
  name: 'bot-kill',
  title: 'kill -9 of the bot mid-interaction (four times), restarted at once',
  boundMs: 120_000,
  async run(context) {
    const world = await context.world('main', { bot: true, rules: false });
    const load = new DeliveryLoad(() => world.api.url, { rate: 1, secret: GITHUB_SECRET });
    await load.burst(1);
    const eventId = load.deliveries[0]!.eventId!;
    const asked: Asked[] = [];
    const call = { user: alice, guildId: TEAM };

    for (const stage of ['before the answer', 'while thinking', 'before the answer', 'while thinking'] as const) {
      const lock = await context.cluster.connect(world.db.name);
      await lock.query('BEGIN');
      // /replay updates the event: it waits here, so the kill lands while the bot works on it.
      await lock.query('LOCK TABLE webhook_events IN ACCESS EXCLUSIVE MODE');
      const interaction = world.gateway.command('replay', { event: eventId }, call);
      asked.push({ label: `/replay, killed ${stage}`, interaction, killed: true });
      if (stage === 'before the answer') await sleep(400);
      else await waitFor(() => interaction.acknowledged, 10_000);
      await world.bot!.kill9();
      await lock.query('ROLLBACK');
      await lock.end();
      context.log(`bot killed ${stage}`);
      await world.bot!.start();
      await world.gateway.ready(30_000);
      const ping = world.gateway.command('ping', {}, call);
      asked.push({ label: '/ping after the restart', interaction: ping, killed: false });
      await ping.settled(10_000).catch(() => undefined);
    }
    // Late answers (a killed process's, the restarted one's notices) would show up meanwhile.
    await sleep(3000);

    const [{ replays }] = (await world.db.query<{ replays: number }>(
      `SELECT count(*)::int AS replays FROM pgboss.job WHERE name = 'webhook.route' AND data->>'eventId' = $1`,
      [eventId],
    )) as [{ replays: number }];
    const results = asked.map((a) => ({ ...a, ...outcomeOf(world, a) }));
    const twice = results.filter((r) => r.callbacks > 1 || r.messages > 1);
    const killedAnswered = results.filter((r) => r.killed && r.outcome === 'answered').length;
    const problems: string[] = [];
    for (const r of twice)
      problems.push(`${r.label}: answered more than once (${r.callbacks} callbacks, ${r.messages} messages)`);
    for (const r of results.filter((r) => !r.killed && r.outcome !== 'answered')) {
      problems.push(`${r.label}: ${r.outcome}, not answered`);
    }
    for (const r of results.filter((r) => r.outcome === 'thinking')) {
      problems.push(`${r.label}: left "thinking…", neither answered nor reported unfinished`);
    }
    if (replays > killedAnswered) problems.push(`${replays} replays done for ${killedAnswered} answered`);
    const count = (killed: boolean, outcome: Outcome) =>
      results.filter((r) => r.killed === killed && r.outcome === outcome).length;
    return {
      figures: {
        'interactions killed mid-way': results.filter((r) => r.killed).length,
        '  answered once': count(true, 'answered'),
        '  told after the restart it was not finished': count(true, 'reported'),
        '  left "thinking…" (acknowledged, never answered)': count(true, 'thinking'),
        '  failed (never acknowledged; Discord says so)': count(true, 'failed'),
        'interactions after a restart answered once': `${count(false, 'answered')} of ${results.filter((r) => !r.killed).length}`,
        'answered twice': twice.length,
        'replays done (webhook.route jobs) for the killed /replay': replays,
        ...Object.fromEntries(results.filter((r) => r.killed).map((r, i) => [`#${i + 1} ${r.label}`, r.outcome])),
      },
      problems,
    };
  },
};

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the interaction to be acknowledged');
    await sleep(20);
  }
}
