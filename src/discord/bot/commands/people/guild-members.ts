import { Injectable } from '@nestjs/common';
import { DiscordAPIError } from '@discordjs/rest';
import { type APIGuildMember, Client, RESTJSONErrorCodes, Routes } from 'discord.js';
import { UserFacingError } from '../../interactions/bot-reply';

export interface ServerMember {
  id: string;
  username: string;
  /** Server nickname, else display name, else username. */
  name: string;
}

/** Discord's largest page of members. */
const PAGE = 1000;
/** Members read at most (bounded memory and time); a bigger server is reported as cut. */
export const MAX_MEMBERS = 10_000;

/**
 * A server's human members through REST (`GET /guilds/:id/members`, paged by user id). Needs the
 * privileged Server Members intent switched on for the application; without it Discord answers 403.
 */
@Injectable()
export class GuildMembers {
  constructor(private readonly client: Client) {}

  async list(guildId: string): Promise<{ members: ServerMember[]; complete: boolean }> {
    const members: ServerMember[] = [];
    let after = '0';
    for (;;) {
      const page = await this.page(guildId, after);
      for (const member of page) {
        if (!member.user.bot) {
          members.push({
            id: member.user.id,
            username: member.user.username,
            name: member.nick ?? member.user.global_name ?? member.user.username,
          });
        }
      }
      if (page.length < PAGE) return { members, complete: true };
      if (members.length >= MAX_MEMBERS) return { members, complete: false };
      after = page.at(-1)!.user.id;
    }
  }

  private async page(guildId: string, after: string): Promise<APIGuildMember[]> {
    try {
      return (await this.client.rest.get(Routes.guildMembers(guildId), {
        query: new URLSearchParams({ limit: String(PAGE), after }),
      })) as APIGuildMember[];
    } catch (error) {
      if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.MissingAccess) {
        throw new UserFacingError(
          "Discord does not let the bot read this server's member list: switch on the Server Members intent for the application (Developer Portal → Bot → Privileged Gateway Intents).",
        );
      }
      throw error;
    }
  }
}
