import { BadGatewayException, BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { OperatorAlerts } from '../../../alerts/operator-alerts.service';
import type { AuditActor } from '../../../audit/audit-log';
import { AuditLog } from '../../../audit/audit-log';
import { newSecretToken } from '../../../auth/secret-token';
import { AppConfig } from '../../../platform/config/app-config';
import { AmbientTransaction } from '../../../platform/database/ambient-transaction';
import { SecretBox } from '../../../platform/security/secret-box';
import { GoogleAccounts, type GoogleAccountView } from './google-accounts';
import { GoogleOAuthClient, type GoogleTokens } from './google-oauth-client';
import { GoogleOAuthRefusedError, GoogleOAuthUnavailableError } from './google-oauth-errors';
import { GoogleOAuthStates } from './google-oauth-states';
import { GOOGLE_DATA_SCOPES, type GoogleDataScope, IDENTITY_SCOPES, shortScopeName } from './google-scopes';
import { NEEDS_RECONNECT_ALERT } from './needs-reconnect-alert';
import { newPkce } from './pkce';

/** What Google sent the admin's browser back with. */
export interface ConnectCallback {
  state?: unknown;
  code?: unknown;
  error?: unknown;
  error_description?: unknown;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/**
 * Connecting a Google account from the dashboard: authorization code with PKCE (S256), `state`
 * bound to the admin's session (single use, expiring after AUTH_STATE_TTL_SECONDS), offline access;
 * the callback exchanges the code, requires a refresh token and stores it sealed, audited
 * (`google_account.connect`) in the same transaction.
 */
@Injectable()
export class GoogleOAuthConnect {
  constructor(
    private readonly config: AppConfig,
    private readonly client: GoogleOAuthClient,
    private readonly states: GoogleOAuthStates,
    private readonly accounts: GoogleAccounts,
    private readonly box: SecretBox,
    private readonly transaction: AmbientTransaction,
    private readonly audit: AuditLog,
    private readonly alerts: OperatorAlerts,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext('GoogleOAuthConnect');
  }

  get enabled(): boolean {
    return this.client.settings !== undefined;
  }

  /** The authorization URL to send the admin's browser to. */
  async start(input: { sessionId: string; scopes: GoogleDataScope[]; redirectUri: string }): Promise<URL> {
    this.requireEnabled();
    const asked = [...new Set(input.scopes)];
    if (asked.length === 0)
      throw new BadRequestException('Choose at least one thing to read: calendar.readonly or gmail.readonly');
    const scopes = [...IDENTITY_SCOPES, ...asked.map((scope) => GOOGLE_DATA_SCOPES[scope])];
    const { verifier, challenge } = newPkce();
    const { token: state } = newSecretToken();
    await this.states.save(
      state,
      {
        sessionId: input.sessionId,
        codeVerifierSealed: this.box.seal(verifier),
        scopes,
        redirectUri: input.redirectUri,
      },
      this.config.auth.stateTtlSeconds,
    );
    return this.client.authorizationUrl({ scopes, state, codeChallenge: challenge, redirectUri: input.redirectUri });
  }

  /** The callback: the state checked and spent first, whatever else Google sent. */
  async finish(sessionId: string, by: AuditActor, callback: ConnectCallback): Promise<GoogleAccountView> {
    this.requireEnabled();
    const taken = await this.states.take(callback.state, sessionId);
    if (taken.status !== 'live') {
      const minutes = Math.round(this.config.auth.stateTtlSeconds / 60);
      throw new BadRequestException(
        taken.status === 'expired'
          ? `This connection took longer than ${minutes} minutes: connect the account again.`
          : taken.status === 'other_session'
            ? 'This connection was started in another session: connect the account again from this browser.'
            : 'This connection was not started in this session, or was already completed (state unknown): connect the account again.',
      );
    }
    const error = text(callback.error);
    if (error) {
      const description = text(callback.error_description);
      throw new BadRequestException(
        `Google did not grant access (${error}${description ? `: ${description.slice(0, 200)}` : ''}): nothing was connected.`,
      );
    }
    const code = text(callback.code);
    if (!code) throw new BadRequestException('Google sent no authorization code: nothing was connected.');
    const { pending } = taken;
    const tokens = await this.google(() =>
      this.client.exchangeCode({
        code,
        codeVerifier: this.box.open(pending.codeVerifierSealed),
        redirectUri: pending.redirectUri,
      }),
    );
    try {
      return await this.store(tokens, pending.scopes, by);
    } catch (failure) {
      // Nothing kept it: Google should not keep a grant for it either.
      if (tokens.refreshToken) await this.client.revoke(tokens.refreshToken).catch(() => undefined);
      throw failure;
    }
  }

  private async store(tokens: GoogleTokens, asked: string[], by: AuditActor): Promise<GoogleAccountView> {
    if (!tokens.refreshToken) {
      throw new BadGatewayException(
        'Google sent no refresh token (offline access), so Switchyard could not keep access: connect the account again.',
      );
    }
    const dataScopes = Object.values(GOOGLE_DATA_SCOPES) as string[];
    const granted = tokens.scopes.length > 0 ? tokens.scopes : asked;
    if (!granted.some((scope) => dataScopes.includes(scope) && asked.includes(scope))) {
      throw new BadRequestException(
        `Google granted none of what was asked for (${asked
          .filter((s) => dataScopes.includes(s))
          .map(shortScopeName)
          .join(', ')}): tick the boxes on Google's consent page.`,
      );
    }
    const identity = await this.google(() => this.client.identity(tokens.accessToken));
    const refreshTokenSealed = this.box.seal(tokens.refreshToken);
    const { account, renewed } = await this.transaction.run(async () => {
      const connected = await this.accounts.connect(
        { subject: identity.subject, email: identity.email, scopes: granted, refreshTokenSealed },
        by,
      );
      await this.audit.record({
        source: 'admin_dashboard',
        actor: by,
        action: 'google_account.connect',
        target: connected.account.id,
        data: { email: identity.email, scopes: granted.map(shortScopeName), renewed: connected.renewed },
      });
      if (connected.renewed) await this.alerts.resolve(NEEDS_RECONNECT_ALERT, connected.account.id, by.name ?? by.id);
      return connected;
    });
    this.logger.info({ accountId: account.id, renewed }, 'Google account connected');
    return account;
  }

  /** Google's answers as the admin's: a refusal 400 with its reason, an outage 502. */
  private async google<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof GoogleOAuthRefusedError)
        throw new BadRequestException(`${error.message}: nothing was connected.`);
      if (error instanceof GoogleOAuthUnavailableError) throw new BadGatewayException(`${error.message}: try again.`);
      throw error;
    }
  }

  private requireEnabled(): void {
    if (!this.enabled) {
      // As sign-in does without an identity provider: the feature is not there.
      throw new NotFoundException('Google accounts are off: set GOOGLE_OAUTH_CLIENT_ID and GOOGLE_OAUTH_CLIENT_SECRET');
    }
  }
}
