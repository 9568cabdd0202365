import { Module } from '@nestjs/common';
import { DiscordLinks } from './discord-links';
import { DiscordMembers } from './discord-members';

/**
 * Discord deep links, importable by the bot role so its `/dashboard` command can call
 * DiscordLinks.issue() in process (the api role serves the HTTP side).
 */
@Module({ providers: [DiscordMembers, DiscordLinks], exports: [DiscordLinks] })
export class DiscordLinksModule {}
