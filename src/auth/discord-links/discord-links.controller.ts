import { Body, Controller, Get, HttpException, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { SkipThrottle, ThrottlerGuard } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { AppConfig } from '../../platform/config/app-config';
import { callerOf } from '../access/caller';
import { sendOutcome } from '../pages/page';
import { publicBaseUrl } from '../public-url';
import { SignIn } from '../sessions/sign-in';
import { DiscordLinks } from './discord-links';
import { IssueLinkDto } from './issue-link.dto';

/** Link previews fetch URLs posted in chats; they must not use a one-time link up. */
const LINK_PREVIEW_AGENTS = /Discordbot|Slackbot|facebookexternalhit|Twitterbot|TelegramBot|WhatsApp|Mattermost/i;

@Controller('auth/discord')
@UseGuards(ThrottlerGuard)
export class DiscordLinksController {
  constructor(
    private readonly links: DiscordLinks,
    private readonly signIn: SignIn,
    private readonly config: AppConfig,
  ) {}

  /** For the bot (a token with links:issue): a one-time sign-in link for a Discord admin, 403 for anyone else. */
  @Post('links')
  @SkipThrottle()
  issue(@Body() dto: IssueLinkDto, @Req() req: Request) {
    return this.links.issue({
      discordUserId: dto.discordUserId,
      next: dto.next,
      baseUrl: publicBaseUrl(this.config, req),
      via: callerOf(req).actor,
    });
  }

  @Get('link/:token')
  async use(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    if (LINK_PREVIEW_AGENTS.test(req.get('user-agent') ?? '')) {
      return sendOutcome(req, res, 200, {
        title: 'Switchyard sign-in',
        message: 'Open this link in your browser to sign in.',
      });
    }
    let link;
    try {
      link = await this.links.consume(token);
    } catch (error) {
      if (!(error instanceof HttpException)) throw error;
      return sendOutcome(req, res, error.getStatus(), { title: 'Sign-in link not usable', message: error.message });
    }
    await this.signIn.open(req, res, link.session, { action: 'auth.link_used' });
    res.redirect(302, link.returnTo);
  }
}
