import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppConfig } from '../../platform/config/app-config';
import { CsrfTokens } from '../sessions/csrf-tokens';
import { SessionCookie } from '../sessions/session-cookie';
import { SessionStore } from '../sessions/session-store';
import { htmxReturnPath, isHtmxRequest } from './htmx-sign-in';
import { sendOutcome } from './page';

/**
 * For pages people open in a browser: not signed in → off to sign in (and back here after; for htmx's
 * requests from a page, the whole page, by `HX-Redirect`, with a 401 in case it is not followed);
 * signed in but not an admin → a 403 page with a sign-out button, never a redirect loop.
 * Programs (not asking for HTML) get the plain 401 or 403.
 */
@Catch(UnauthorizedException, ForbiddenException)
@Injectable()
export class SignInPageFilter implements ExceptionFilter {
  constructor(
    private readonly config: AppConfig,
    private readonly sessions: SessionStore,
    private readonly cookie: SessionCookie,
    private readonly csrf: CsrfTokens,
  ) {}

  async catch(exception: UnauthorizedException | ForbiddenException, host: ArgumentsHost): Promise<void> {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    const browser = req.accepts(['json', 'html']) === 'html';
    if (exception instanceof UnauthorizedException) {
      const signIn = (next: string) => `/auth/login?next=${encodeURIComponent(next)}`;
      if (isHtmxRequest(req)) {
        // A part of a page must not become the sign-in page (nor vanish): the whole page goes instead.
        const next = htmxReturnPath(req, this.config.auth.dashboardPath);
        res.setHeader('HX-Redirect', this.config.auth.oidc ? signIn(next) : next);
      } else if (this.config.auth.oidc && browser) {
        return res.redirect(302, signIn(req.originalUrl));
      }
      return sendOutcome(req, res, 401, {
        title: 'Sign in',
        message: !browser
          ? exception.message
          : this.config.auth.bootstrapLogin
            ? 'Use the one-time admin link printed at startup, or run `node dist/main.js admin-link` for a new one.'
            : 'No way to sign in is configured: set OIDC_ISSUER_URL (see .env.example).',
      });
    }
    const session = await this.sessions.find(this.cookie.read(req));
    sendOutcome(req, res, 403, {
      title: 'Not an admin',
      message: exception.message,
      signOutCsrfToken: session ? this.csrf.for(session) : undefined,
    });
  }
}
