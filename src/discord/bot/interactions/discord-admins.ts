import { Injectable, Logger } from '@nestjs/common';
import { DiscordAPIError } from '@discordjs/rest';
import {
  APIGuildMember,
  APIRole,
  APIUser,
  Client,
  GuildMember,
  Interaction,
  RESTJSONErrorCodes,
  Routes,
} from 'discord.js';
import { AppConfig } from '../../../platform/config/app-config';

const UNREACHABLE_GUILD = new Set<number | string>([RESTJSONErrorCodes.UnknownGuild, RESTJSONErrorCodes.MissingAccess]);

/** Someone as a member of the admin server, the shape DiscordLinks.issue() takes as `known`. */
export interface AdminServerMember {
  guildId: string;
  /** Role names, as DISCORD_ADMIN_ROLES names them. */
  roles: string[];
  /** Server nickname, else display name, else username. */
  name: string;
}

const displayName = (nick: string | null | undefined, user: APIUser) => nick ?? user.global_name ?? user.username;

/**
 * Admin means: a member of DISCORD_ADMIN_GUILD_ID holding a role named in DISCORD_ADMIN_ROLES.
 * Role membership is read fresh each time (from the interaction when it comes from that server,
 * otherwise from REST), because without the privileged members intent the gateway does not tell
 * the bot when someone loses a role. Role names come from the server's role list, which the
 * gateway keeps current.
 */
@Injectable()
export class DiscordAdmins {
  private readonly logger = new Logger('DiscordAdmins');
  private readonly roleNames: Set<string>;

  constructor(
    private readonly client: Client,
    private readonly config: AppConfig,
  ) {
    this.roleNames = new Set(config.discord.adminRoles.map((name) => name.toLowerCase()));
  }

  async isAdmin(interaction: Interaction): Promise<boolean> {
    const member = await this.adminServerMember(interaction);
    return member?.roles.some((name) => this.roleNames.has(name.toLowerCase())) ?? false;
  }

  /**
   * The person as a member of DISCORD_ADMIN_GUILD_ID, with role names; undefined when they are not
   * in it, or no admin server is configured or reachable.
   */
  async adminServerMember(interaction: Interaction): Promise<AdminServerMember | undefined> {
    const guildId = this.config.discord.adminGuildId;
    if (!guildId) return undefined;
    try {
      const member = await this.memberOf(interaction, guildId);
      if (!member) return undefined;
      const names =
        member.roleIds.length > 0 ? await this.guildRoles(guildId, member.roleIds) : new Map<string, string>();
      return { guildId, name: member.name, roles: member.roleIds.flatMap((id) => names.get(id) ?? []) };
    } catch (error) {
      if (error instanceof DiscordAPIError && UNREACHABLE_GUILD.has(error.code)) {
        this.logger.error(
          `Cannot read the members and roles of DISCORD_ADMIN_GUILD_ID ${guildId} (${error.message}): is the bot in that server?`,
        );
        return undefined;
      }
      throw error;
    }
  }

  refusal(command: string): string {
    if (!this.config.discord.adminGuildId) {
      return `Sorry, ${command} is for Switchyard admins, and no admin server is configured yet (DISCORD_ADMIN_GUILD_ID).`;
    }
    const guild = this.client.guilds.cache.get(this.config.discord.adminGuildId)?.name ?? 'the admin server';
    return `Sorry, ${command} is for Switchyard admins: members of ${guild} with one of the roles ${this.config.discord.adminRoles.join(', ')}.`;
  }

  private async memberOf(
    interaction: Interaction,
    guildId: string,
  ): Promise<{ roleIds: string[]; name: string } | undefined> {
    const { member } = interaction;
    if (interaction.guildId === guildId && member) {
      return member instanceof GuildMember
        ? { roleIds: [...member.roles.cache.keys()], name: member.displayName }
        : { roleIds: member.roles, name: displayName(member.nick, member.user) };
    }
    try {
      const found = (await this.client.rest.get(Routes.guildMember(guildId, interaction.user.id))) as APIGuildMember;
      return { roleIds: found.roles, name: displayName(found.nick, found.user) };
    } catch (error) {
      if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.UnknownMember) return undefined;
      throw error;
    }
  }

  /** Role id → name, from the gateway's cache, or from REST when a role is not in it. */
  private async guildRoles(guildId: string, needed: string[]): Promise<Map<string, string>> {
    const cached = this.client.guilds.cache.get(guildId)?.roles.cache;
    if (cached && needed.every((id) => cached.has(id))) return new Map(cached.map((role) => [role.id, role.name]));
    const roles = (await this.client.rest.get(Routes.guildRoles(guildId))) as APIRole[];
    return new Map(roles.map((role) => [role.id, role.name]));
  }
}
