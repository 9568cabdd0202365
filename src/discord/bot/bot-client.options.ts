import { GatewayIntentBits, Options } from 'discord.js';
import type { NecordModuleOptions } from 'necord';
import type { AppConfig } from '../../platform/config/app-config';

/** The discord.js client of the bot role. */
export function botClientOptions(config: AppConfig): NecordModuleOptions {
  return {
    token: config.discord.botToken!,
    // Guilds (not privileged): server, channel and role names and their changes. Interactions need no intent.
    intents: [GatewayIntentBits.Guilds],
    // REST base for everything, including GET /gateway/bot, which tells the client where the gateway is.
    rest: { api: config.discord.apiUrl },
    // Replies never ping anyone.
    allowedMentions: { parse: [] },
    // The bot reads no messages; keep none in memory.
    makeCache: Options.cacheWithLimits({ ...Options.DefaultMakeCacheSettings, MessageManager: 0 }),
    // RegisterOnReady registers, the same way `register-commands` does.
    skipRegistration: true,
  };
}
