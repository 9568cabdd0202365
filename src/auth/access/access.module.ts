import { Global, Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR, DiscoveryModule } from '@nestjs/core';
import { CsrfTokens } from '../sessions/csrf-tokens';
import { SessionCookie } from '../sessions/session-cookie';
import { SessionStore } from '../sessions/session-store';
import { ApiTokens } from '../tokens/api-tokens';
import { AccessGuard } from './access.guard';
import { AuditInterceptor } from './audit.interceptor';
import { RouteRules } from './route-rules';

/**
 * Every role: the authorisation table applied to every HTTP route by one global guard, the audit
 * events it names, and the session and API token lookups they need.
 */
@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [
    RouteRules,
    SessionStore,
    SessionCookie,
    CsrfTokens,
    ApiTokens,
    { provide: APP_GUARD, useClass: AccessGuard },
    { provide: APP_INTERCEPTOR, useClass: AuditInterceptor },
  ],
  exports: [SessionStore, SessionCookie, CsrfTokens, ApiTokens],
})
export class AccessModule {}
