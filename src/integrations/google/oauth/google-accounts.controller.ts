import { Controller, Delete, Get, Param, ParseUUIDPipe, Req } from '@nestjs/common';
import type { Request } from 'express';
import { callerOf } from '../../../auth/access/caller';
import { GoogleAccountRevocation } from './google-account-revocation';
import { GoogleAccounts, type GoogleAccountView } from './google-accounts';

/** The API side of connected Google accounts: list, revoke (connecting needs a browser: the dashboard). */
@Controller('google/accounts')
export class GoogleAccountsController {
  constructor(
    private readonly accounts: GoogleAccounts,
    private readonly revocation: GoogleAccountRevocation,
  ) {}

  @Get()
  async list(): Promise<{ accounts: GoogleAccountView[] }> {
    return { accounts: await this.accounts.list() };
  }

  @Delete(':id')
  revoke(@Param('id', ParseUUIDPipe) id: string, @Req() req: Request): Promise<GoogleAccountView> {
    return this.revocation.revoke(id, callerOf(req).actor);
  }
}
