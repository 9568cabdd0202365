import { Injectable, Logger } from '@nestjs/common';
import { DiscordAPIError } from '@discordjs/rest';
import { APIGuildMember, APIRole, Client, Interaction, RESTJSONErrorCodes, Routes } from 'discord.js';
import { AppConfig } from '../../../platform/config/app-config';

const UNREACHABLE_GUILD = new Set<number | string>([RESTJSONErrorCodes.UnknownGuild, RESTJSONErrorCodes.MissingAccess]);

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
    const guildId = this.config.discord.adminGuildId;
    if (!guildId) return false;
    try {
      const roleIds = await this.memberRoleIds(interaction, guildId);
      if (roleIds.length === 0) return false;
      const roles = await this.guildRoles(guildId, roleIds);
      return roleIds.some((id) => this.roleNames.has(roles.get(id)?.toLowerCase() ?? ''));
    } catch (error) {
      if (error instanceof DiscordAPIError && UNREACHABLE_GUILD.has(error.code)) {
        this.logger.error(
          `Cannot read the members and roles of DISCORD_ADMIN_GUILD_ID ${guildId} (${error.message}): is the bot in that server?`,
        );
        return false;
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

  private async memberRoleIds(interaction: Interaction, guildId: string): Promise<string[]> {
    if (interaction.guildId === guildId && interaction.member) {
      const { roles } = interaction.member;
      return Array.isArray(roles) ? roles : [...roles.cache.keys()];
    }
    try {
      const member = (await this.client.rest.get(Routes.guildMember(guildId, interaction.user.id))) as APIGuildMember;
      return member.roles;
    } catch (error) {
      if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.UnknownMember) return [];
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
