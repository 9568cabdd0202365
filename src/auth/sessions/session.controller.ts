import { Controller, Get, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { sessionOf } from '../access/caller';
import { sendOutcome } from '../pages/page';
import { CsrfTokens } from './csrf-tokens';
import { SignIn } from './sign-in';

/** The signed-in person: who they are (and the CSRF token their pages send back), and signing out. */
@Controller('auth')
export class SessionController {
  constructor(
    private readonly signIn: SignIn,
    private readonly csrf: CsrfTokens,
  ) {}

  @Get('me')
  me(@Req() req: Request) {
    const session = sessionOf(req);
    return {
      subject: session.subject,
      name: session.name,
      email: session.email,
      groups: session.groups,
      admin: session.isAdmin,
      method: session.method,
      expiresAt: session.expiresAt.toISOString(),
      csrfToken: this.csrf.for(session),
    };
  }

  /** Deletes the session server-side and clears the cookie: 204, or a page for a browser's form. */
  @Post('logout')
  async logout(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.signIn.close(res, sessionOf(req));
    if (req.accepts(['json', 'html']) === 'html') {
      return sendOutcome(req, res, 200, {
        title: 'Signed out',
        message: 'You are signed out of Switchyard.',
        links: [{ href: '/auth/login', text: 'Sign in again' }],
      });
    }
    res.status(204).end();
  }
}
