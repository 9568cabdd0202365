import { Controller, Get, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { PinoLogger } from 'nestjs-pino';
import { AppConfig } from '../../platform/config/app-config';
import { sendOutcome } from '../pages/page';
import { safeReturnPath } from '../return-path';
import { CsrfTokens } from '../sessions/csrf-tokens';
import { SignIn } from '../sessions/sign-in';
import { LoginStates } from './login-states';
import { OidcLogin, ProviderUnavailableError } from './oidc-login';

const START_AGAIN = { href: '/auth/login', text: 'Sign in again' };

/** `GET /auth/login` → the provider → `GET /auth/callback` (or OIDC_CALLBACK_PATH) → a session. */
@Controller('auth')
@UseGuards(ThrottlerGuard)
export class OidcController {
  constructor(
    private readonly config: AppConfig,
    private readonly oidc: OidcLogin,
    private readonly states: LoginStates,
    private readonly signIn: SignIn,
    private readonly csrf: CsrfTokens,
    private readonly logger: PinoLogger,
  ) {}

  /** `next`: where to go afterwards, a path on this server (anything else: DASHBOARD_DEFAULT_PATH). */
  @Get('login')
  async login(@Req() req: Request, @Res() res: Response, @Query('next') next?: unknown): Promise<void> {
    if (!this.oidc.enabled) return this.notConfigured(req, res);
    try {
      await this.oidc.start(req, res, safeReturnPath(next, this.config.auth.dashboardPath));
    } catch (error) {
      this.failed(req, res, error);
    }
  }

  @Get('callback')
  async callback(@Req() req: Request, @Res() res: Response): Promise<void> {
    if (!this.oidc.enabled) return this.notConfigured(req, res);
    const taken = await this.states.take(req, res);
    if (taken.status !== 'live') {
      return sendOutcome(req, res, 400, {
        title: 'Sign-in failed',
        message:
          taken.status === 'expired'
            ? `This sign-in took longer than ${Math.round(this.config.auth.stateTtlSeconds / 60)} minutes. Please start again.`
            : 'This sign-in was not started in this browser, or was already completed. Please start again.',
        links: [START_AGAIN],
      });
    }
    let input;
    try {
      input = await this.oidc.finish(req, res, taken.attempt);
    } catch (error) {
      return this.failed(req, res, error);
    }
    const session = await this.signIn.open(req, res, input);
    if (!session.isAdmin) {
      const groups = this.config.auth.oidc?.adminGroups.join(', ') ?? '';
      return sendOutcome(req, res, 403, {
        title: 'Not an admin',
        message: `You are signed in as ${session.name ?? session.subject}, but Switchyard is for admins only (members of ${groups}). Ask an owner to add you to one of these groups, then sign in again.`,
        signOutCsrfToken: this.csrf.for(session),
      });
    }
    res.redirect(302, taken.attempt.returnTo);
  }

  private notConfigured(req: Request, res: Response): void {
    sendOutcome(req, res, 404, {
      title: 'Sign-in is not configured',
      message: this.config.auth.bootstrapLogin
        ? 'No identity provider is set up (OIDC_ISSUER_URL). Use the one-time link printed at startup, or run `node dist/main.js admin-link` for a new one.'
        : 'No identity provider is set up: set OIDC_ISSUER_URL, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET.',
    });
  }

  private failed(req: Request, res: Response, error: unknown): void {
    const unavailable = error instanceof ProviderUnavailableError || isNetworkError(error);
    const message = describeSignInError(error);
    // The message only: the errors' causes carry the provider's response (authorization codes).
    this.logger.warn(`Sign-in failed: ${message}`);
    if (res.headersSent) return;
    sendOutcome(req, res, unavailable ? 502 : 400, {
      title: unavailable ? 'Identity provider unavailable' : 'Sign-in failed',
      message: unavailable ? message : `The sign-in could not be verified: ${message}`,
      links: [START_AGAIN],
    });
  }
}

function isNetworkError(error: unknown): boolean {
  return error instanceof TypeError && /fetch failed/i.test(error.message);
}

/**
 * openid-client wraps the precise reason (`unexpected "state" response parameter value`, the
 * provider's `invalid_grant`) in a generic error's cause: say all of it.
 */
export function describeSignInError(error: unknown): string {
  const parts: string[] = [];
  for (let current = error; current instanceof Error && parts.length < 4; current = current.cause) {
    const oauth = current as Error & { error?: unknown; error_description?: unknown };
    parts.push(
      typeof oauth.error === 'string'
        ? `${oauth.error}${typeof oauth.error_description === 'string' ? ` (${oauth.error_description})` : ''}`
        : current.message,
    );
  }
  return parts.length > 0 ? [...new Set(parts)].join(': ') : String(error);
}
