import { BadGatewayException, Injectable, OnModuleDestroy } from '@nestjs/common';
import { DiscordAPIError, REST } from '@discordjs/rest';
import { RESTGetAPIGuildMemberResult, RESTGetAPIGuildRolesResult, Routes } from 'discord-api-types/v10';
import { AppConfig } from '../../platform/config/app-config';
import { type MemberRoles, needsRoleNames } from './admin-roles';

export interface GuildMember extends MemberRoles {
  /** Server nickname, else display name, else username. */
  name: string;
}

const UNKNOWN_MEMBER = 10007;

/** Reads a member of a Discord server over REST with the bot token (no gateway needed). */
@Injectable()
export class DiscordMembers implements OnModuleDestroy {
  private readonly rest?: REST;

  constructor(private readonly config: AppConfig) {
    if (!config.discord.botToken) return;
    this.rest = new REST({ api: config.discord.apiUrl, retries: 1, timeout: 10_000 }).setToken(config.discord.botToken);
  }

  /** The member, or undefined when the user is not in that server. */
  async find(guildId: string, userId: string): Promise<GuildMember | undefined> {
    if (!this.rest) throw new BadGatewayException('Discord is not configured: set DISCORD_BOT_TOKEN');
    try {
      const member = (await this.rest.get(Routes.guildMember(guildId, userId))) as RESTGetAPIGuildMemberResult;
      return {
        roleIds: member.roles,
        roleNames: needsRoleNames(this.config.discord) ? await this.roleNames(guildId, member.roles) : [],
        name: member.nick ?? member.user.global_name ?? member.user.username,
      };
    } catch (error) {
      if (error instanceof DiscordAPIError && error.code === UNKNOWN_MEMBER) return undefined;
      const reason = error instanceof Error ? error.message : String(error);
      throw new BadGatewayException(`Discord did not tell whether this user is an admin: ${reason}`);
    }
  }

  private async roleNames(guildId: string, ids: string[]): Promise<string[]> {
    const roles = (await this.rest!.get(Routes.guildRoles(guildId))) as RESTGetAPIGuildRolesResult;
    const names = new Map(roles.map((role) => [role.id, role.name]));
    return ids.flatMap((id) => names.get(id) ?? []);
  }

  onModuleDestroy(): void {
    this.rest?.clearHashSweeper();
    this.rest?.clearHandlerSweeper();
  }
}
