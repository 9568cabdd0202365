import { DiscordAPIError, REST } from '@discordjs/rest';
import type { Logger } from 'pino';
import type { AppConfig } from '../../../platform/config/app-config';
import { registerSlashCommands } from './command-registrar';

/** `node dist/main.js register-commands`: REST only, no gateway session; throws with Discord's reason. */
export async function registerCommands(config: AppConfig, logger: Logger): Promise<void> {
  const rest = new REST({ api: config.discord.apiUrl, timeout: 15_000 }).setToken(config.discord.botToken!);
  try {
    const { scope, names } = await registerSlashCommands(rest, config.discord);
    logger.info(
      { context: 'Discord', commands: names },
      `Registered ${names.length} slash commands ${scope}: ${names.map((n) => `/${n}`).join(' ')}`,
    );
  } catch (error) {
    if (error instanceof DiscordAPIError) {
      throw new Error(
        `Discord refused the command registration: ${error.status} ${error.message} (code ${String(error.code)})`,
      );
    }
    throw error;
  } finally {
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
  }
}
