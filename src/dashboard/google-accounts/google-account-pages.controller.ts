import {
  Body,
  Controller,
  Get,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Redirect,
  Req,
  Res,
  UseFilters,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { callerOf, sessionOf } from '../../auth/access/caller';
import { publicBaseUrl } from '../../auth/public-url';
import { GoogleAccountRevocation } from '../../integrations/google/oauth/google-account-revocation';
import { GoogleAccounts } from '../../integrations/google/oauth/google-accounts';
import { GoogleOAuthConnect } from '../../integrations/google/oauth/google-oauth-connect';
import {
  GOOGLE_DATA_SCOPE_DESCRIPTIONS,
  GOOGLE_DATA_SCOPES,
  type GoogleDataScope,
  isGoogleDataScope,
  shortScopeName,
} from '../../integrations/google/oauth/google-scopes';
import { AppConfig } from '../../platform/config/app-config';
import { DashboardErrorFilter, FormPageException } from '../pages/dashboard-error.filter';
import { DashboardPages } from '../pages/dashboard-pages';

const DATA_SCOPE_URLS: string[] = Object.values(GOOGLE_DATA_SCOPES);

export const GOOGLE_CALLBACK_PATH = '/dashboard/google-accounts/callback';

const SCOPES = (Object.keys(GOOGLE_DATA_SCOPES) as GoogleDataScope[]).map((scope) => ({
  scope,
  description: GOOGLE_DATA_SCOPE_DESCRIPTIONS[scope],
}));

const NOTICES: Record<string, string> = {
  connected: 'Google account connected: sync sources can use it by its id.',
  revoked: 'Google account revoked: Google no longer gives Switchyard access with it.',
};

/**
 * Google accounts (reached from the Sources page): the list, "Connect a Google account" (to Google's
 * consent page and back to the callback) and Revoke.
 */
@Controller('dashboard/google-accounts')
@UseFilters(DashboardErrorFilter)
export class GoogleAccountPagesController {
  constructor(
    private readonly pages: DashboardPages,
    private readonly accounts: GoogleAccounts,
    private readonly connecting: GoogleOAuthConnect,
    private readonly revocation: GoogleAccountRevocation,
    private readonly config: AppConfig,
  ) {}

  @Get()
  async list(@Query('done') done: string | undefined, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.pages.send(req, res, 'google-accounts', {
      ...(await this.model(req)),
      notice: done === undefined ? undefined : NOTICES[done],
    });
  }

  @Post('connect')
  @Redirect()
  async connect(@Body() body: Record<string, unknown>, @Req() req: Request) {
    const given = body.scopes;
    const chosen = (typeof given === 'string' ? [given] : Array.isArray(given) ? given : []).map(String);
    const unknown = chosen.filter((scope) => !isGoogleDataScope(scope));
    const scopes = chosen.filter(isGoogleDataScope);
    const problems =
      unknown.length > 0
        ? [`Unknown scope ${unknown.join(', ')}: choose calendar.readonly and/or gmail.readonly`]
        : scopes.length === 0
          ? ['Choose at least one thing Switchyard may read: calendar.readonly or gmail.readonly']
          : [];
    if (problems.length > 0 && this.connecting.enabled) {
      throw new FormPageException('google-accounts', { ...(await this.model(req)), problems, chosen }, 400);
    }
    const url = await this.connecting.start({
      sessionId: sessionOf(req).id,
      scopes,
      redirectUri: this.redirectUri(req),
    });
    return { url: url.href, statusCode: 303 };
  }

  @Get('callback')
  @Redirect()
  async callback(@Query() query: Record<string, unknown>, @Req() req: Request) {
    await this.connecting.finish(sessionOf(req).id, callerOf(req).actor, query);
    return { url: '/dashboard/google-accounts?done=connected', statusCode: 303 };
  }

  @Post(':id/revoke')
  @Redirect()
  async revoke(@Param('id', ParseUUIDPipe) id: string, @Req() req: Request) {
    await this.revocation.revoke(id, callerOf(req).actor);
    return { url: '/dashboard/google-accounts?done=revoked', statusCode: 303 };
  }

  private redirectUri(req: Request): string {
    return `${publicBaseUrl(this.config, req)}${GOOGLE_CALLBACK_PATH}`;
  }

  private async model(req: Request) {
    const accounts = await this.accounts.list();
    return {
      title: 'Google accounts',
      section: 'sources' as const,
      enabled: this.connecting.enabled,
      redirectUri: this.redirectUri(req),
      accounts: accounts.map((account) => ({
        ...account,
        scopeNames: account.scopes.filter((scope) => DATA_SCOPE_URLS.includes(scope)).map(shortScopeName),
      })),
      scopes: SCOPES,
      chosen: ['calendar.readonly'],
      problems: null as string[] | null,
    };
  }
}
