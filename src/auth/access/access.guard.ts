import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import type { Request } from 'express';
import { AppConfig } from '../../platform/config/app-config';
import { constantTimeEqual } from '../../platform/security/constant-time';
import { CsrfTokens } from '../sessions/csrf-tokens';
import { SessionCookie } from '../sessions/session-cookie';
import { SessionStore } from '../sessions/session-store';
import { Caller, MACHINE_CALLER, sessionCaller } from './caller';
import type { Access } from './route-rule';
import { RouteRules } from './route-rules';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const takesSecret = (access: Access) => access === 'machine' || access === 'admin_or_machine';

/**
 * The one place that decides who may call a route, from its rule in ACCESS_RULES. A request with
 * an Authorization header is a machine (the header is checked, the cookie ignored); otherwise the
 * session cookie names the caller. Cookie-authenticated state changes must carry the CSRF token.
 * Public routes do no I/O here (webhook ingest runs through this guard too).
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly rules: RouteRules,
    private readonly config: AppConfig,
    private readonly sessions: SessionStore,
    private readonly cookie: SessionCookie,
    private readonly csrf: CsrfTokens,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    // Slash commands (necord) and other transports authorise on their own.
    if (context.getType() !== 'http') return true;
    const found = this.rules.for(context.getHandler() as (...args: unknown[]) => unknown);
    if (!found) throw new ForbiddenException('This route has no authorisation rule');
    const { access } = found.rule;
    if (access === 'public') return true;
    const req = context.switchToHttp().getRequest<Request>();
    const caller = req.headers.authorization !== undefined ? this.machine(req, access) : await this.person(req, access);
    if (caller.kind === 'session' && !SAFE_METHODS.has(req.method) && !this.csrf.matches(req, caller.session)) {
      throw new ForbiddenException(
        'Missing or invalid CSRF token: send the X-CSRF-Token header with the csrfToken from GET /auth/me',
      );
    }
    req.caller = caller;
    return true;
  }

  private machine(req: Request, access: Access): Caller {
    if (!takesSecret(access)) {
      throw new ForbiddenException('This route is for signed-in people: the API secret does not open it');
    }
    const secret = this.config.apiSharedSecret;
    if (!secret) throw new ForbiddenException('Machine access is disabled: set API_SHARED_SECRET to use it');
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    if (!match) throw new UnauthorizedException('The Authorization header must be "Bearer <API_SHARED_SECRET>"');
    if (!constantTimeEqual(match[1]!, secret)) throw new UnauthorizedException('Invalid API secret');
    return MACHINE_CALLER;
  }

  private async person(req: Request, access: Access): Promise<Caller> {
    if (access === 'machine') {
      if (!this.config.apiSharedSecret) {
        throw new ForbiddenException('This endpoint is disabled: set API_SHARED_SECRET to use it');
      }
      throw new UnauthorizedException('Missing "Authorization: Bearer <API_SHARED_SECRET>" header');
    }
    const token = this.cookie.read(req);
    const session = token === undefined ? undefined : await this.sessions.find(token);
    if (!session) {
      throw new UnauthorizedException(
        takesSecret(access)
          ? 'Sign in (GET /auth/login) or send "Authorization: Bearer <API_SHARED_SECRET>"'
          : 'Sign in first: GET /auth/login',
      );
    }
    if (access !== 'signed_in' && !session.isAdmin) {
      throw new ForbiddenException(
        `Signed in as ${session.name ?? session.subject}, who is not an admin${this.adminHint()}`,
      );
    }
    return sessionCaller(session);
  }

  private adminHint(): string {
    const groups = this.config.auth.oidc?.adminGroups ?? [];
    return groups.length > 0 ? ` (admins are in one of the groups: ${groups.join(', ')})` : '';
  }
}
