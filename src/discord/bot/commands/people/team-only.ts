import type { ChatInputCommandInteraction } from 'discord.js';
import { UserFacingError } from '../../interactions/bot-reply';

/** People's details are for members of a server the bot is in, not for anyone who can DM it. */
export function teamOnly(interaction: ChatInputCommandInteraction, command: string): void {
  if (!interaction.inGuild()) throw new UserFacingError(`${command} works in the team's Discord server, not in DMs.`);
}
