import type { Request } from 'express';
import * as client from 'openid-client';
import { AuthenticateOptions, Strategy } from 'openid-client/passport';

export const OIDC_STRATEGY = 'oidc';

export interface OidcAuthenticateOptions extends AuthenticateOptions {
  /** true on GET /auth/login, false on the callback (never guessed from the query). */
  initiate: boolean;
  /** Runs before the browser is sent to the provider: stores the login state first. */
  beforeRedirect?: () => Promise<void>;
}

/**
 * openid-client's passport strategy, with three changes:
 * - `state` and `nonce` on every authorization request (the stock strategy leaves both out when
 *   the provider supports PKCE; we want all three);
 * - the login state is saved before the redirect is sent (it lives in Postgres, not in memory);
 * - whether a request starts or completes a sign-in is decided by the route, so a bare GET of
 *   the callback cannot start a new one.
 */
export class OidcStrategy extends Strategy {
  override authorizationRequestParams<T extends AuthenticateOptions>(req: Request, options: T): URLSearchParams {
    const params = new URLSearchParams(super.authorizationRequestParams(req, options) ?? undefined);
    params.set('state', client.randomState());
    params.set('nonce', client.randomNonce());
    return params;
  }

  override shouldInitiateAuthRequest<T extends AuthenticateOptions>(_req: Request, _url: URL, options: T): boolean {
    return (options as unknown as OidcAuthenticateOptions).initiate;
  }

  override authenticate<T extends AuthenticateOptions>(
    this: ThisParameterType<Strategy['authenticate']>,
    req: Request,
    options: T,
  ): void {
    const { beforeRedirect } = options as unknown as OidcAuthenticateOptions;
    if (beforeRedirect) {
      const redirect = this.redirect.bind(this);
      this.redirect = (url: string, status?: number) => {
        beforeRedirect().then(
          () => redirect(url, status),
          (error: unknown) => this.error(error as Error),
        );
      };
    }
    Strategy.prototype.authenticate.call(this, req, options);
  }
}
