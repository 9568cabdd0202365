import { DiscordAPIError, HTTPError } from '@discordjs/rest';

/**
 * What a failed post means for its channel:
 * - `channel`: the channel cannot take any post (unknown channel, no access or permission, the bot
 *   token refused): the channel is parked, an operator alert raised, its posts wait.
 * - `message`: Discord refused this message (invalid form body, blocked by AutoMod, too large):
 *   the post is dead and visible, the channel moves on.
 * - `transient`: worth retrying (5xx, network, timeouts, an abort).
 */
export type Refusal = { scope: 'channel' | 'message'; reason: string } | { scope: 'transient'; error: Error };

/** 403s that are about the message's content, not the channel: AutoMod and the harmful-links filter. */
const MESSAGE_LEVEL_403 = new Set([200000, 200001, 240000]);

export function classifyDiscordError(error: unknown, channelId: string): Refusal {
  if (
    error instanceof DiscordAPIError &&
    error.status >= 400 &&
    error.status < 500 &&
    error.status !== 429 &&
    error.status !== 408
  ) {
    const reason = `Discord ${error.status} for channel ${channelId}: ${error.message} (code ${String(error.code)})`;
    const channelLevel =
      error.status === 401 ||
      error.status === 404 ||
      (error.status === 403 && !MESSAGE_LEVEL_403.has(Number(error.code)));
    return { scope: channelLevel ? 'channel' : 'message', reason };
  }
  if (error instanceof DiscordAPIError || error instanceof HTTPError) {
    return {
      scope: 'transient',
      error: new Error(`Discord ${error.status} for channel ${channelId}: ${error.message}`),
    };
  }
  return { scope: 'transient', error: error instanceof Error ? error : new Error(String(error)) };
}
