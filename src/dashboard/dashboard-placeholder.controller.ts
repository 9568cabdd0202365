import { Controller, Get, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { sessionOf } from '../auth/access/caller';
import { sendOutcome } from '../auth/pages/page';
import { SignInPageFilter } from '../auth/pages/sign-in-page.filter';
import { CsrfTokens } from '../auth/sessions/csrf-tokens';

/** Where admins land after signing in, until the dashboard is built: who is signed in, and sign-out. */
@Controller('dashboard')
@UseFilters(SignInPageFilter)
export class DashboardPlaceholderController {
  constructor(private readonly csrf: CsrfTokens) {}

  @Get()
  show(@Req() req: Request, @Res() res: Response): void {
    const session = sessionOf(req);
    sendOutcome(req, res, 200, {
      title: 'Switchyard',
      message: `Signed in as ${session.name ?? session.subject} (${session.method}) until ${session.expiresAt.toISOString()}. The dashboard is not built yet; the admin API is open to this session.`,
      signOutCsrfToken: this.csrf.for(session),
    });
  }
}
