import type { DiscordSettings } from '../../platform/config/app-config';

type AdminRoleSettings = Pick<DiscordSettings, 'adminRoleIds' | 'adminRoleNames'>;

/** A member's roles in the admin server: ids always, names only when the name fallback needs them. */
export interface MemberRoles {
  roleIds: string[];
  roleNames: string[];
}

/** Whether role names must be read at all (only with DISCORD_ADMIN_ROLE_NAMES_FALLBACK=on). */
export const needsRoleNames = (settings: AdminRoleSettings): boolean => settings.adminRoleNames.length > 0;

/**
 * The one decision, for the bot and for sign-in links alike: a role whose id is in
 * DISCORD_ADMIN_ROLE_IDS. A role's name proves nothing (anyone allowed to create roles can make one
 * called "Admin"), so names count only with the explicit first-setup fallback.
 */
export function holdsAdminRole(member: MemberRoles, settings: AdminRoleSettings): boolean {
  if (member.roleIds.some((id) => settings.adminRoleIds.includes(id))) return true;
  const names = new Set(settings.adminRoleNames.map((name) => name.toLowerCase()));
  return member.roleNames.some((name) => names.has(name.toLowerCase()));
}

/** What the startup log says about how Discord admins are recognised, when it needs saying. */
export function adminRoleWarnings(settings: AdminRoleSettings & Pick<DiscordSettings, 'adminGuildId'>): string[] {
  if (!settings.adminGuildId) return [];
  const warnings: string[] = [];
  if (needsRoleNames(settings)) {
    warnings.push(
      `DISCORD_ADMIN_ROLE_NAMES_FALLBACK=on: Discord admins are also recognised by role name (${settings.adminRoleNames.join(', ')}), ` +
        'which anyone allowed to create roles in the admin server can copy. Set DISCORD_ADMIN_ROLE_IDS to the roles’ ids ' +
        '(Discord: Developer Mode, then right-click the role, Copy Role ID) and turn the fallback off.',
    );
  } else if (settings.adminRoleIds.length === 0) {
    warnings.push(
      'Nobody is a Discord admin: set DISCORD_ADMIN_ROLE_IDS to the ids of the admin roles in DISCORD_ADMIN_GUILD_ID.',
    );
  }
  return warnings;
}
