import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import * as client from 'openid-client';
import passport from 'passport';
import { AppConfig } from '../../platform/config/app-config';
import type { OidcSettings } from '../../platform/config/auth-config';
import type { NewSession } from '../sessions/session';
import type { LoginAttempt } from './login-states';
import { LoginStates } from './login-states';
import { Claims, groupsIn, oidcSessionFor } from './oidc-profile';
import { OIDC_STRATEGY, OidcAuthenticateOptions, OidcStrategy } from './oidc-strategy';

/** The provider could not be reached or its discovery document was unusable. */
export class ProviderUnavailableError extends Error {
  override readonly name = 'ProviderUnavailableError';
}

/** The provider or the checks refused this sign-in (bad state, replayed code, bad token, denied). */
export class SignInRejectedError extends Error {
  override readonly name = 'SignInRejectedError';
}

const SESSION_KEY = 'oidc';

/**
 * OIDC Authorization Code + PKCE through passport and openid-client. The provider's discovery
 * document is fetched on the first sign-in (and again after a failure), so an unreachable
 * provider never stops the api from starting. ID token signatures are checked against the
 * provider's JWKS (openid-client's non-repudiation checks), not only trusted because of TLS.
 */
@Injectable()
export class OidcLogin {
  private discovered?: Promise<passport.Authenticator>;

  constructor(
    private readonly config: AppConfig,
    private readonly states: LoginStates,
  ) {}

  get enabled(): boolean {
    return this.config.auth.oidc !== undefined;
  }

  /** Redirects the browser to the provider, after storing the attempt. */
  async start(req: Request, res: Response, returnTo: string): Promise<void> {
    const authenticator = await this.passport();
    const attempt = this.states.begin(res, returnTo);
    const session: Record<string, unknown> = {};
    Object.assign(req, { session });
    const options: OidcAuthenticateOptions = {
      session: false,
      initiate: true,
      callbackURL: this.callbackUrl(req),
      beforeRedirect: () => this.states.save({ ...attempt, data: session }),
    };
    await new Promise<void>((resolve, reject) => {
      res.once('finish', resolve);
      authenticator.authenticate(OIDC_STRATEGY, options, (error: unknown) =>
        reject(error instanceof Error ? error : new Error('The sign-in could not start')),
      )(req, res, reject);
    });
  }

  /** Completes the attempt from the provider's redirect: the session to open. */
  async finish(req: Request, res: Response, attempt: LoginAttempt): Promise<NewSession> {
    const authenticator = await this.passport();
    Object.assign(req, { session: attempt.data });
    const options: OidcAuthenticateOptions = { session: false, initiate: false, callbackURL: this.callbackUrl(req) };
    return new Promise<NewSession>((resolve, reject) => {
      authenticator.authenticate(OIDC_STRATEGY, options, (error: unknown, user: NewSession | false, info?: unknown) => {
        if (error) return reject(error instanceof Error ? error : new Error('The sign-in failed'));
        if (!user) {
          const message = (info as { message?: string } | undefined)?.message;
          return reject(new SignInRejectedError(message ?? 'The identity provider did not sign you in'));
        }
        resolve(user);
      })(req, res, reject);
    });
  }

  private callbackUrl(req: Request): string {
    const { redirectBaseUrl, callbackPath } = this.settings();
    return `${redirectBaseUrl ?? `${req.protocol}://${req.get('host')}`}${callbackPath}`;
  }

  private settings(): OidcSettings {
    const settings = this.config.auth.oidc;
    if (!settings) throw new Error('OIDC is not configured');
    return settings;
  }

  private passport(): Promise<passport.Authenticator> {
    this.discovered ??= this.discover().catch((error: unknown) => {
      this.discovered = undefined;
      throw new ProviderUnavailableError(
        `The identity provider at ${this.settings().issuerUrl} is not usable: ${(error as Error).message}`,
      );
    });
    return this.discovered;
  }

  private async discover(): Promise<passport.Authenticator> {
    const settings = this.settings();
    const configuration = await client.discovery(
      new URL(settings.issuerUrl),
      settings.clientId,
      undefined,
      settings.clientSecret ? client.ClientSecretBasic(settings.clientSecret) : client.None(),
      { execute: settings.issuerUrl.startsWith('http:') ? [client.allowInsecureRequests] : [], timeout: 10 },
    );
    client.enableNonRepudiationChecks(configuration);
    const strategy = new OidcStrategy(
      { config: configuration, name: OIDC_STRATEGY, sessionKey: SESSION_KEY, scope: settings.scope },
      (tokens, verified) => {
        this.profile(configuration, tokens).then(
          (session) => verified(null, session),
          (error: unknown) => verified(error),
        );
      },
    );
    const authenticator = new passport.Passport();
    authenticator.use(OIDC_STRATEGY, strategy);
    return authenticator;
  }

  /** Claims from the ID token; groups from it too, or from userinfo when the ID token has none. */
  private async profile(
    configuration: client.Configuration,
    tokens: client.TokenEndpointResponse & client.TokenEndpointResponseHelpers,
  ): Promise<NewSession> {
    const settings = this.settings();
    const claims = tokens.claims() as Claims | undefined;
    if (!claims) throw new SignInRejectedError('The identity provider sent no ID token');
    const groups = groupsIn(claims, settings.groupsClaim);
    if (groups !== undefined) return oidcSessionFor(claims, groups, settings);
    const userInfo = (await client.fetchUserInfo(configuration, tokens.access_token, String(claims.sub))) as Claims;
    return oidcSessionFor({ ...userInfo, ...claims }, groupsIn(userInfo, settings.groupsClaim) ?? [], settings);
  }
}
