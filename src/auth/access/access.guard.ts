import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import type { Request } from 'express';
import { AppConfig } from '../../platform/config/app-config';
import { constantTimeEqual } from '../../platform/security/constant-time';
import { CsrfTokens } from '../sessions/csrf-tokens';
import { SessionCookie } from '../sessions/session-cookie';
import { SessionStore } from '../sessions/session-store';
import { ApiTokens, looksLikeApiToken } from '../tokens/api-tokens';
import { Caller, MACHINE_CALLER, sessionCaller, tokenCaller } from './caller';
import { type Access, type RouteRule, TOKEN_ACCESS } from './route-rule';
import { RouteRules } from './route-rules';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const takesTokens = (access: Access) => TOKEN_ACCESS.includes(access);

/**
 * The one place that decides who may call a route, from its rule in ACCESS_RULES. A request with
 * an Authorization header is a machine (the header is checked, the cookie ignored): an API token,
 * which needs the route's scope, or API_SHARED_SECRET (every scope); otherwise the session cookie
 * names the caller. Cookie-authenticated state changes must carry the CSRF token. Public routes do
 * no I/O here.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly rules: RouteRules,
    private readonly config: AppConfig,
    private readonly sessions: SessionStore,
    private readonly cookie: SessionCookie,
    private readonly csrf: CsrfTokens,
    private readonly tokens: ApiTokens,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    // Slash commands (necord) and other transports authorise on their own.
    if (context.getType() !== 'http') return true;
    const found = this.rules.for(context.getHandler() as (...args: unknown[]) => unknown);
    if (!found) throw new ForbiddenException('This route has no authorisation rule');
    const { rule } = found;
    if (rule.access === 'public') return true;
    const req = context.switchToHttp().getRequest<Request>();
    const caller =
      req.headers.authorization !== undefined ? await this.machine(req, rule) : await this.person(req, rule);
    if (caller.kind === 'session' && !SAFE_METHODS.has(req.method) && !this.csrf.matches(req, caller.session)) {
      throw new ForbiddenException(
        'Missing or invalid CSRF token: send the X-CSRF-Token header with the csrfToken from GET /auth/me',
      );
    }
    req.caller = caller;
    return true;
  }

  private async machine(req: Request, rule: RouteRule): Promise<Caller> {
    if (!('scope' in rule)) {
      throw new ForbiddenException('This route is for signed-in people: API tokens do not open it');
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    if (!match) throw new UnauthorizedException('The Authorization header must be "Bearer <API token>"');
    const caller = await this.holder(match[1]!);
    if (caller.kind === 'machine' && !caller.scopes.includes(rule.scope)) {
      throw new ForbiddenException(
        `This API token lacks the scope ${rule.scope} (it has: ${caller.scopes.join(', ')})`,
      );
    }
    return caller;
  }

  private async holder(presented: string): Promise<Caller> {
    if (looksLikeApiToken(presented)) {
      const found = await this.tokens.authenticate(presented);
      if (found === 'revoked') throw new UnauthorizedException('This API token was revoked');
      if (found === 'unknown') throw new UnauthorizedException('Unknown API token');
      return tokenCaller(found);
    }
    const secret = this.config.apiSharedSecret;
    if (secret && constantTimeEqual(presented, secret)) return MACHINE_CALLER;
    throw new UnauthorizedException(
      secret
        ? 'Invalid API token'
        : 'Invalid API token (API_SHARED_SECRET is not set: use an API token made on the dashboard, sy_…)',
    );
  }

  private async person(req: Request, rule: RouteRule): Promise<Caller> {
    const { access } = rule;
    if (access === 'machine') throw new UnauthorizedException('Missing "Authorization: Bearer <API token>" header');
    const token = this.cookie.read(req);
    const session = token === undefined ? undefined : await this.sessions.find(token);
    if (!session) {
      throw new UnauthorizedException(
        takesTokens(access)
          ? 'Sign in (GET /auth/login) or send "Authorization: Bearer <API token>"'
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
