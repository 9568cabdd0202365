import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Client, Events } from 'discord.js';
import { AppConfig } from '../../../platform/config/app-config';
import { registerSlashCommands } from './command-registrar';

/**
 * The bot registers its slash commands each time it starts (a bulk overwrite: unchanged commands
 * stay as they are), once the gateway session is up. A failure is logged, not fatal: the commands
 * registered before keep working, and `register-commands` can be run by hand.
 */
@Injectable()
export class RegisterOnReady implements OnModuleInit {
  private readonly logger = new Logger('DiscordCommands');

  constructor(
    private readonly client: Client,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.client.once(Events.ClientReady, () => void this.register());
  }

  private async register(): Promise<void> {
    try {
      const { scope, names } = await registerSlashCommands(this.client.rest, this.config.discord);
      this.logger.log(`Registered ${names.length} slash commands ${scope}: ${names.map((n) => `/${n}`).join(' ')}`);
    } catch (error) {
      this.logger.error(`Could not register the slash commands: ${(error as Error).message}`);
    }
  }
}
