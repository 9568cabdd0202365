import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { OperatorAlerts } from '../../../alerts/operator-alerts.service';
import { SecretBox } from '../../../platform/security/secret-box';
import { type GoogleAccountCredential, GoogleAccounts } from './google-accounts';
import { GoogleOAuthClient } from './google-oauth-client';
import { GoogleAccountUnusableError, GoogleOAuthRefusedError } from './google-oauth-errors';
import { NEEDS_RECONNECT_ALERT } from './needs-reconnect-alert';

interface CachedToken {
  token: string;
  /** Epoch ms after which the token is not handed out any more. */
  usableUntil: number;
}

/** An access token is renewed this long before Google says it expires (a request takes time). */
const EXPIRY_MARGIN_MS = 5 * 60_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Rejects with the signal's reason as soon as it aborts; the work itself goes on for other waiters. */
function untilAborted<T>(work: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return work;
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error as Error);
      },
    );
  });
}

/**
 * Access tokens for connected Google accounts (a sync source's credential
 * `{"type":"oauth_account","accountId":"…"}`): the refresh-token grant at GOOGLE_TOKEN_URL, each
 * token cached in this process until shortly before it expires, one refresh at a time per account.
 * Google refusing the refresh token (`invalid_grant`: revoked by the person, expired, password
 * changed) marks the account as needing reconnection and raises an operator alert. Tokens are
 * never logged nor put in errors.
 */
@Injectable()
export class GoogleOAuthAccounts {
  private readonly cache = new Map<string, CachedToken>();
  private readonly refreshing = new Map<string, Promise<string>>();

  constructor(
    private readonly accounts: GoogleAccounts,
    private readonly client: GoogleOAuthClient,
    private readonly box: SecretBox,
    private readonly alerts: OperatorAlerts,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext('GoogleOAuthAccounts');
  }

  async accessToken(accountId: string, signal?: AbortSignal): Promise<string> {
    // Read every time (one primary-key lookup): a revocation or a refusal seen by another process
    // stops this one at once, not when its cached token runs out.
    const account = await untilAborted(this.usable(accountId), signal);
    const cached = this.cache.get(accountId);
    if (cached && cached.usableUntil > Date.now()) return cached.token;
    let refresh = this.refreshing.get(accountId);
    if (!refresh) {
      refresh = this.refresh(account).finally(() => this.refreshing.delete(accountId));
      this.refreshing.set(accountId, refresh);
    }
    return untilAborted(refresh, signal);
  }

  /** Drops the cached token (the account was revoked or renewed). */
  forget(accountId: string): void {
    this.cache.delete(accountId);
  }

  private async usable(accountId: string): Promise<GoogleAccountCredential & { refreshTokenSealed: string }> {
    const account = UUID.test(accountId) ? await this.accounts.credential(accountId) : undefined;
    if (!account) {
      throw new GoogleAccountUnusableError(
        `No Google account ${accountId}: connect one on the dashboard (Sources → Google accounts) and use its id`,
        accountId,
        'unknown',
      );
    }
    if (account.revoked || !account.refreshTokenSealed) {
      this.forget(accountId);
      throw new GoogleAccountUnusableError(
        `Google account ${account.email} (${accountId}) was revoked: connect it again on the dashboard`,
        accountId,
        'revoked',
      );
    }
    if (account.needsReconnect) {
      this.forget(accountId);
      throw this.needsReconnect(account.email, accountId);
    }
    return { ...account, refreshTokenSealed: account.refreshTokenSealed };
  }

  private async refresh(account: GoogleAccountCredential & { refreshTokenSealed: string }): Promise<string> {
    const accountId = account.id;
    const refreshToken = this.box.open(account.refreshTokenSealed);
    let tokens;
    try {
      // Not tied to one caller's signal: other callers may be waiting for the same refresh.
      tokens = await this.client.refresh(refreshToken);
    } catch (error) {
      if (error instanceof GoogleOAuthRefusedError && error.error === 'invalid_grant') {
        await this.markNeedsReconnect(account.id, account.email, error.message);
        throw this.needsReconnect(account.email, accountId);
      }
      throw error;
    }
    if (tokens.refreshToken && tokens.refreshToken !== refreshToken) {
      await this.accounts.replaceRefreshToken(
        account.id,
        account.refreshTokenSealed,
        this.box.seal(tokens.refreshToken),
      );
    }
    const lifetimeMs = tokens.expiresIn * 1000;
    // A short-lived token is used for its first half rather than not at all.
    const margin = Math.min(EXPIRY_MARGIN_MS, lifetimeMs / 2);
    this.cache.set(accountId, { token: tokens.accessToken, usableUntil: Date.now() + lifetimeMs - margin });
    await this.accounts.markUsed(account.id);
    return tokens.accessToken;
  }

  private async markNeedsReconnect(id: string, email: string, reason: string): Promise<void> {
    this.forget(id);
    const marked = await this.accounts.markNeedsReconnect(id, reason);
    if (!marked) return;
    this.logger.warn({ accountId: id }, 'Google refused the refresh token of a connected account');
    await this.alerts.raise({
      kind: NEEDS_RECONNECT_ALERT,
      subject: id,
      message: `Google account ${email} needs connecting again: Google refused its refresh token (${reason}). Sources using it stop until an admin connects it again on the dashboard (Sources → Google accounts).`,
      details: { accountId: id, email },
    });
  }

  private needsReconnect(email: string, accountId: string): GoogleAccountUnusableError {
    return new GoogleAccountUnusableError(
      `Google account ${email} (${accountId}) needs connecting again: Google refused its refresh token. Connect it again on the dashboard (Sources → Google accounts)`,
      accountId,
      'needs_reconnect',
    );
  }
}
