import { Body, Controller, Delete, Get, Header, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { callerOf, scopesOf } from '../access/caller';
import { ApiTokens } from './api-tokens';
import { CreateTokenDto } from './create-token.dto';

/** API tokens over the API: an admin session, or a token with the tokens scopes. */
@Controller('auth/tokens')
export class ApiTokensController {
  constructor(private readonly tokens: ApiTokens) {}

  @Get()
  async list() {
    return { tokens: await this.tokens.list() };
  }

  /** The answer carries the secret (`token`): this once, never again. */
  @Post()
  @Header('Cache-Control', 'no-store')
  create(@Body() dto: CreateTokenDto, @Req() req: Request) {
    const caller = callerOf(req);
    return this.tokens.create(dto, caller.actor, scopesOf(caller));
  }

  /** Revokes (the token stays listed, and opens nothing from now on). */
  @Delete(':id')
  revoke(@Param('id', ParseUUIDPipe) id: string, @Req() req: Request) {
    return this.tokens.revoke(id, callerOf(req).actor);
  }
}
