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
import { callerOf, scopesOf } from '../../auth/access/caller';
import { ApiTokens } from '../../auth/tokens/api-tokens';
import { CreateTokenDto } from '../../auth/tokens/create-token.dto';
import { SCOPE_DESCRIPTIONS, TOKEN_SCOPES } from '../../auth/tokens/token-scopes';
import { FormProblems, tryForm } from '../forms/form-problems';
import { validObject } from '../forms/valid-input';
import { DashboardErrorFilter, FormPageException } from '../pages/dashboard-error.filter';
import { DashboardPages } from '../pages/dashboard-pages';

const SCOPES = TOKEN_SCOPES.map((scope) => ({ scope, description: SCOPE_DESCRIPTIONS[scope] }));

interface TokenForm {
  name: string;
  scopes: string[];
}

const NOTICES: Record<string, string> = {
  revoked: 'Token revoked: from now on it opens nothing (401).',
};

/**
 * API tokens: the list (name, scopes, created, last used, revoked), making one (its secret shown
 * once, on the answer to the POST, never stored readable or shown again) and revoking one.
 */
@Controller('dashboard/tokens')
@UseFilters(DashboardErrorFilter)
export class TokenPagesController {
  constructor(
    private readonly pages: DashboardPages,
    private readonly tokens: ApiTokens,
  ) {}

  @Get()
  async list(@Query('done') done: string | undefined, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.pages.send(req, res, 'tokens', {
      ...(await this.listPage()),
      notice: done === undefined ? undefined : NOTICES[done],
    });
  }

  @Post()
  async create(@Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const scopes = body.scopes;
    const form: TokenForm = {
      name: typeof body.name === 'string' ? body.name : '',
      scopes: typeof scopes === 'string' ? [scopes] : Array.isArray(scopes) ? scopes.map(String) : [],
    };
    const caller = callerOf(req);
    const created = await tryForm(() =>
      this.tokens.create(validObject(CreateTokenDto, { ...form }), caller.actor, scopesOf(caller)),
    );
    if ('problems' in created) throw await this.refused(form, created.problems);
    await this.pages.send(
      req,
      res,
      'token-secret',
      { title: `Token ${created.ok.name}`, section: 'tokens', token: created.ok },
      201,
    );
    // Not sent (the page is): names the token in the audit event.
    return { id: created.ok.id };
  }

  @Post(':id/revoke')
  @Redirect()
  async revoke(@Param('id', ParseUUIDPipe) id: string, @Req() req: Request) {
    await this.tokens.revoke(id, callerOf(req).actor);
    return { url: '/dashboard/tokens?done=revoked', statusCode: 303 };
  }

  private async listPage(form?: TokenForm, problems?: FormProblems) {
    return {
      title: 'API tokens',
      section: 'tokens' as const,
      tokens: await this.tokens.list(),
      scopes: SCOPES,
      form: form ?? { name: '', scopes: [] },
      problems: problems?.messages ?? null,
    };
  }

  private async refused(form: TokenForm, problems: FormProblems) {
    return new FormPageException('tokens', await this.listPage(form, problems), 400);
  }
}
