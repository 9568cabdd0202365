import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../../platform/config/app-config';
import type { GoogleOAuthSettings } from '../../../platform/config/google-oauth-config';
import { readBounded } from '../../http/read-bounded';
import { GoogleOAuthRefusedError, GoogleOAuthUnavailableError } from './google-oauth-errors';

/** A token endpoint's answer, as far as Switchyard uses it. */
export interface GoogleTokens {
  accessToken: string;
  /** Seconds the access token is valid for, as Google said. */
  expiresIn: number;
  /** Only with the first consent (access_type=offline, prompt=consent), or when the server rotates it. */
  refreshToken?: string;
  /** The scopes granted, which may be fewer than asked for (the person can untick some). */
  scopes: string[];
}

export interface GoogleIdentity {
  subject: string;
  email: string;
}

const TIMEOUT_MS = 15_000;
const MAX_ANSWER_BYTES = 64 * 1024;

type Step = 'code exchange' | 'token refresh' | 'revocation' | 'userinfo';

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Google's OAuth endpoints (or the loopback server tests use): the code and refresh-token grants,
 * revocation and userinfo, with the client's id and secret in the form (client_secret_post, as
 * Google documents). Errors name the step, the status and Google's OAuth error, never a token.
 */
@Injectable()
export class GoogleOAuthClient {
  constructor(private readonly config: AppConfig) {}

  get settings(): GoogleOAuthSettings | undefined {
    return this.config.googleOAuth;
  }

  /** Where the admin's browser goes to consent. */
  authorizationUrl(input: { scopes: string[]; state: string; codeChallenge: string; redirectUri: string }): URL {
    const settings = this.required();
    const url = new URL(settings.authorizeUrl);
    const params = {
      response_type: 'code',
      client_id: settings.clientId,
      redirect_uri: input.redirectUri,
      scope: input.scopes.join(' '),
      state: input.state,
      code_challenge: input.codeChallenge,
      code_challenge_method: 'S256',
      // A refresh token, and a fresh consent so Google sends one even for an account connected before.
      access_type: 'offline',
      prompt: 'consent',
    };
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    return url;
  }

  exchangeCode(input: { code: string; codeVerifier: string; redirectUri: string }): Promise<GoogleTokens> {
    return this.tokens('code exchange', {
      grant_type: 'authorization_code',
      code: input.code,
      code_verifier: input.codeVerifier,
      redirect_uri: input.redirectUri,
    });
  }

  refresh(refreshToken: string, signal?: AbortSignal): Promise<GoogleTokens> {
    return this.tokens('token refresh', { grant_type: 'refresh_token', refresh_token: refreshToken }, signal);
  }

  /**
   * Revokes the token (a refresh token: the whole grant). A token Google no longer knows
   * (`invalid_token`: already revoked or expired) counts as revoked.
   */
  async revoke(token: string): Promise<void> {
    const settings = this.required();
    const answer = await this.send('revocation', settings.revokeUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: this.form({ token }),
    });
    if (answer.status === 400 && isObject(answer.body) && answer.body.error === 'invalid_token') return;
    this.refuseUnlessOk('revocation', answer);
  }

  async identity(accessToken: string): Promise<GoogleIdentity> {
    const settings = this.required();
    const answer = await this.send('userinfo', settings.userinfoUrl, {
      method: 'GET',
      headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
    });
    this.refuseUnlessOk('userinfo', answer);
    const body = answer.body;
    if (!isObject(body) || typeof body.sub !== 'string' || typeof body.email !== 'string') {
      throw new GoogleOAuthRefusedError(
        'Google userinfo answered without the account id and e-mail (sub, email)',
        502,
        undefined,
      );
    }
    return { subject: body.sub, email: body.email };
  }

  private async tokens(step: Step, grant: Record<string, string>, signal?: AbortSignal): Promise<GoogleTokens> {
    const settings = this.required();
    const answer = await this.send(
      step,
      settings.tokenUrl,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: this.form(grant),
      },
      signal,
    );
    this.refuseUnlessOk(step, answer);
    const body = answer.body;
    if (!isObject(body) || typeof body.access_token !== 'string' || body.access_token === '') {
      throw new GoogleOAuthRefusedError(`Google's ${step} answered without an access token`, 502, undefined);
    }
    const expiresIn = Number(body.expires_in);
    return {
      accessToken: body.access_token,
      expiresIn: Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : 3600,
      refreshToken:
        typeof body.refresh_token === 'string' && body.refresh_token !== '' ? body.refresh_token : undefined,
      scopes: typeof body.scope === 'string' ? body.scope.split(' ').filter((s) => s.length > 0) : [],
    };
  }

  private form(fields: Record<string, string>): string {
    const settings = this.required();
    return new URLSearchParams({
      ...fields,
      client_id: settings.clientId,
      client_secret: settings.clientSecret,
    }).toString();
  }

  private async send(
    step: Step,
    url: string,
    init: RequestInit,
    signal?: AbortSignal,
  ): Promise<{ status: number; body: unknown }> {
    const timeout = AbortSignal.timeout(TIMEOUT_MS);
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        ...init,
        redirect: 'error',
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      text = await readBounded(response, MAX_ANSWER_BYTES);
    } catch (error) {
      if (signal?.aborted) throw signal.reason ?? error;
      const reason = timeout.aborted ? `no answer within ${TIMEOUT_MS / 1000} s` : (error as Error).message;
      throw new GoogleOAuthUnavailableError(`Google's ${step} failed: ${reason}`);
    }
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = undefined;
    }
    return { status: response.status, body };
  }

  private refuseUnlessOk(step: Step, answer: { status: number; body: unknown }): void {
    if (answer.status >= 200 && answer.status < 300) return;
    const { status, body } = answer;
    const error = isObject(body) && typeof body.error === 'string' ? body.error : undefined;
    const description =
      isObject(body) && typeof body.error_description === 'string' ? body.error_description.slice(0, 300) : undefined;
    const reason = [error, description].filter(Boolean).join(': ') || 'no reason given';
    const message = `Google's ${step} answered ${status} (${reason})`;
    if (status >= 500 || status === 429 || status === 408) throw new GoogleOAuthUnavailableError(message);
    throw new GoogleOAuthRefusedError(message, status, error);
  }

  private required(): GoogleOAuthSettings {
    const settings = this.config.googleOAuth;
    if (!settings) {
      throw new GoogleOAuthRefusedError(
        'Google accounts are off: set GOOGLE_OAUTH_CLIENT_ID and GOOGLE_OAUTH_CLIENT_SECRET',
        503,
        undefined,
      );
    }
    return settings;
  }
}
