import { Logger, Module, OnModuleInit } from '@nestjs/common';

/**
 * The bot role's slot: only this role will import the Discord gateway (necord). The gateway and
 * its slash commands are not built yet, so the role starts, says so, and serves health only.
 */
@Module({})
export class BotModule implements OnModuleInit {
  onModuleInit(): void {
    new Logger('Bot').warn('The bot role is enabled, but the Discord gateway is not implemented in this version yet');
  }
}
