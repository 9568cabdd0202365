import {
  ForbiddenException,
  GoneException,
  Injectable,
  NotFoundException,
  ServiceUnavailableException,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditActor, AuditLog } from '../../audit/audit-log';
import { AppConfig } from '../../platform/config/app-config';
import { AmbientTransaction } from '../../platform/database/ambient-transaction';
import { publicBaseUrl } from '../public-url';
import { safeReturnPath } from '../return-path';
import { hashSecretToken, looksLikeSecretToken, newSecretToken } from '../secret-token';
import type { NewSession } from '../sessions/session';
import { holdsAdminRole, type MemberRoles } from './admin-roles';
import { DiscordMembers } from './discord-members';

export interface LinkRequest {
  discordUserId: string;
  /**
   * The member's roles in the admin server as the bot already knows them (from the interaction, and
   * the gateway's role cache for names), with the server they belong to; without them the roles are
   * read over REST.
   */
  known?: MemberRoles & { guildId: string; name: string };
  /** Where the link lands: a path on this server (default DASHBOARD_DEFAULT_PATH). */
  next?: string;
  /** Base of the link; default publicBaseUrl() (the HTTP endpoint passes the one of its request). */
  baseUrl?: string;
  /** Who asked on the member's behalf (the API token, over HTTP), for the audit event. */
  via?: AuditActor;
}

export interface IssuedLink {
  url: string;
  expiresAt: string;
}

/**
 * One-time sign-in links for Discord admins. The bot calls issue() in process (or
 * POST /auth/discord/links over HTTP); the person opens the link once, within
 * DISCORD_LINK_TTL_SECONDS, and has a session. Tokens are stored as SHA-256 only.
 */
@Injectable()
export class DiscordLinks {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly members: DiscordMembers,
    private readonly audit: AuditLog,
    private readonly transaction: AmbientTransaction,
  ) {}

  get enabled(): boolean {
    return this.config.discord.adminGuildId !== undefined;
  }

  /** Refuses (403, with the reason) anyone who is not an admin of the configured server. */
  async issue(request: LinkRequest): Promise<IssuedLink> {
    const { ttlSeconds } = this.config.auth.discordLinks;
    const { adminGuildId: guildId } = this.config.discord;
    if (!guildId) {
      throw new ServiceUnavailableException(
        'Discord deep links are off: set DISCORD_ADMIN_GUILD_ID (or DISCORD_GUILD_ID) and DISCORD_BOT_TOKEN',
      );
    }
    const member =
      request.known?.guildId === guildId ? request.known : await this.members.find(guildId, request.discordUserId);
    if (!member)
      throw new ForbiddenException(`Discord user ${request.discordUserId} is not a member of the admin server`);
    if (!holdsAdminRole(member, this.config.discord)) {
      throw new ForbiddenException(`${member.name} has none of the admin roles in the admin server`);
    }
    const { token, hash } = newSecretToken();
    const returnTo = safeReturnPath(request.next, this.config.auth.dashboardPath);
    // The link and its audit event commit together, or neither does.
    const expiresAt = await this.transaction.run(async () => {
      await this.dataSource.query(`DELETE FROM discord_links WHERE expires_at < now() - interval '1 day'`);
      const [row] = await this.dataSource.query<{ expires_at: Date }[]>(
        `INSERT INTO discord_links (token_hash, discord_user_id, discord_name, return_to, expires_at)
          VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5)) RETURNING expires_at`,
        [hash, request.discordUserId, member.name, returnTo, ttlSeconds],
      );
      const expires = row!.expires_at.toISOString();
      await this.audit.record({
        source: 'discord',
        actor: { id: request.discordUserId, name: member.name },
        action: 'auth.link_issued',
        target: request.discordUserId,
        data: { expiresAt: expires, returnTo },
        via: request.via,
      });
      return expires;
    });
    return { url: `${request.baseUrl ?? publicBaseUrl(this.config)}/auth/discord/link/${token}`, expiresAt };
  }

  /** Uses a link up: the session to open and where to go. 404 unknown, 410 used or expired. */
  async consume(token: string): Promise<{ session: NewSession; returnTo: string }> {
    if (!looksLikeSecretToken(token)) throw new NotFoundException('This sign-in link is not valid');
    const hash = hashSecretToken(token);
    // UPDATE answers [rows, count] through TypeORM.
    const [[used]] = await this.dataSource.query<
      [{ discord_user_id: string; discord_name: string | null; return_to: string }[], number]
    >(
      `UPDATE discord_links SET used_at = now()
        WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now()
        RETURNING discord_user_id, discord_name, return_to`,
      [hash],
    );
    if (!used) {
      const [link] = await this.dataSource.query<{ used_at: Date | null }[]>(
        'SELECT used_at FROM discord_links WHERE token_hash = $1',
        [hash],
      );
      if (!link) throw new NotFoundException('This sign-in link is not valid');
      throw new GoneException(
        link.used_at
          ? 'This sign-in link was already used: ask the bot for a new one with /dashboard'
          : 'This sign-in link has expired: ask the bot for a new one with /dashboard',
      );
    }
    return {
      session: {
        method: 'discord',
        subject: used.discord_user_id,
        name: used.discord_name,
        email: null,
        groups: [],
        isAdmin: true,
      },
      returnTo: used.return_to,
    };
  }
}
