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
import { holdsAdminRole, type MemberRoles, needsRoleNames } from '../../../auth/discord-links/admin-roles';
import { AppConfig } from '../../../platform/config/app-config';

const UNREACHABLE_GUILD = new Set<number | string>([RESTJSONErrorCodes.UnknownGuild, RESTJSONErrorCodes.MissingAccess]);

/** Someone as a member of the admin server, the shape DiscordLinks.issue() takes as `known`. */
export interface AdminServerMember extends MemberRoles {
  guildId: string;
  /** Server nickname, else display name, else username. */
  name: string;
}

const displayName = (nick: string | null | undefined, user: APIUser) => nick ?? user.global_name ?? user.username;

/**
 * Admin means: a member of DISCORD_ADMIN_GUILD_ID holding a role whose id is in
 * DISCORD_ADMIN_ROLE_IDS (holdsAdminRole; names only with the first-setup fallback). Role membership
 * is read fresh each time (from the interaction when it comes from that server, otherwise from
 * REST), because without the privileged members intent the gateway does not tell the bot when
 * someone loses a role. Role names, when the fallback needs them, come from the server's role list,
 * which the gateway keeps current.
 */
@Injectable()
export class DiscordAdmins {
  private readonly logger = new Logger('DiscordAdmins');

  constructor(
    private readonly client: Client,
    private readonly config: AppConfig,
  ) {}

  async isAdmin(interaction: Interaction): Promise<boolean> {
    const member = await this.adminServerMember(interaction);
    return member !== undefined && holdsAdminRole(member, this.config.discord);
  }

  /**
   * The person as a member of DISCORD_ADMIN_GUILD_ID, with their roles; undefined when they are not
   * in it, or no admin server is configured or reachable.
   */
  async adminServerMember(interaction: Interaction): Promise<AdminServerMember | undefined> {
    const guildId = this.config.discord.adminGuildId;
    if (!guildId) return undefined;
    try {
      const member = await this.memberOf(interaction, guildId);
      if (!member) return undefined;
      const roleNames =
        needsRoleNames(this.config.discord) && member.roleIds.length > 0
          ? await this.roleNames(guildId, member.roleIds)
          : [];
      return { guildId, name: member.name, roleIds: member.roleIds, roleNames };
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
    const { adminGuildId, adminRoleIds, adminRoleNames } = this.config.discord;
    if (!adminGuildId) {
      return `Sorry, ${command} is for Switchyard admins, and no admin server is configured yet (DISCORD_ADMIN_GUILD_ID).`;
    }
    const guild = this.client.guilds.cache.get(adminGuildId);
    // The admin roles by the names the server shows for them (ids it does not know are left out).
    const roles = [...adminRoleIds.flatMap((id) => guild?.roles.cache.get(id)?.name ?? []), ...adminRoleNames];
    if (roles.length === 0) {
      return `Sorry, ${command} is for Switchyard admins, and no admin role is configured yet (DISCORD_ADMIN_ROLE_IDS).`;
    }
    return `Sorry, ${command} is for Switchyard admins: members of ${guild?.name ?? 'the admin server'} with one of the roles ${[...new Set(roles)].join(', ')}.`;
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

  /** The names of these roles, from the gateway's cache, or from REST when one is not in it. */
  private async roleNames(guildId: string, ids: string[]): Promise<string[]> {
    const cached = this.client.guilds.cache.get(guildId)?.roles.cache;
    const names =
      cached && ids.every((id) => cached.has(id))
        ? new Map(cached.map((role) => [role.id, role.name]))
        : new Map(((await this.client.rest.get(Routes.guildRoles(guildId))) as APIRole[]).map((r) => [r.id, r.name]));
    return ids.flatMap((id) => names.get(id) ?? []);
  }
}
