import { alice, TEAM, textOf } from '../../test/support/discord-world';
import type { World } from './world';

export interface BotAnswer {
  /** The person saw an answer (not just "thinking…") within the wait. */
  answered: boolean;
  /** The answer is the command's own (an embed), not an error message. */
  ok: boolean;
  text: string;
  ms: number;
}

/**
 * Someone types `/status` in the team server and waits for the answer, as a check that the bot
 * process can still reach the database: /status reads jobs and webhooks.
 */
export async function askStatus(world: World, waitMs = 10_000): Promise<BotAnswer> {
  const started = Date.now();
  const interaction = world.gateway.command('status', {}, { user: alice, guildId: TEAM });
  try {
    const answer = await interaction.settled(waitMs);
    return {
      answered: true,
      ok: answer.embeds.length > 0,
      text: textOf(answer).slice(0, 120),
      ms: Date.now() - started,
    };
  } catch {
    return { answered: false, ok: false, text: '', ms: Date.now() - started };
  }
}

export const describeAnswer = (answer: BotAnswer): string =>
  answer.answered
    ? `${answer.ok ? 'answered' : 'error shown'} in ${(answer.ms / 1000).toFixed(1)} s${answer.ok ? '' : ` (${answer.text.replace(/\s+/g, ' ').slice(0, 60)})`}`
    : `no answer within ${(answer.ms / 1000).toFixed(0)} s`;
