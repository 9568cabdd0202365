import { REST } from '@discordjs/rest';
import { type APIApplication, type APIApplicationCommand, Routes } from 'discord.js';
import type { DiscordSettings } from '../../../platform/config/app-config';
import { BOT_COMMANDS } from '../bot-commands';
import { commandCatalog } from './command-catalog';

export interface Registration {
  /** `server <id>` or `globally`. */
  scope: string;
  names: string[];
}

/**
 * Replaces the application's slash commands with the bot's (one bulk overwrite, so removed commands
 * disappear): in DISCORD_GUILD_ID when set (instant), otherwise globally. First checks that the
 * token belongs to DISCORD_APPLICATION_ID, so a mix-up is named instead of answered with a 403.
 */
export async function registerSlashCommands(rest: REST, settings: DiscordSettings): Promise<Registration> {
  const applicationId = settings.applicationId!;
  const own = (await rest.get(Routes.currentApplication())) as APIApplication;
  if (own.id !== applicationId) {
    throw new Error(
      `DISCORD_APPLICATION_ID is ${applicationId}, but DISCORD_BOT_TOKEN belongs to application ${own.id} (${own.name})`,
    );
  }
  const route = settings.guildId
    ? Routes.applicationGuildCommands(applicationId, settings.guildId)
    : Routes.applicationCommands(applicationId);
  const registered = (await rest.put(route, { body: commandCatalog(BOT_COMMANDS) })) as APIApplicationCommand[];
  return {
    scope: settings.guildId ? `server ${settings.guildId}` : 'globally',
    names: registered.map((command) => command.name),
  };
}
