import { Injectable } from '@nestjs/common';
import { GoogleOAuthAccounts } from '../oauth/google-oauth-accounts';
import {
  GoogleAccountUnusableError,
  GoogleOAuthRefusedError,
  GoogleOAuthUnavailableError,
} from '../oauth/google-oauth-errors';
import { GoogleAccessError } from './google-access-error';
import type { TokenRequest } from './service-account-tokens';

/** The account a `{"type":"oauth_account","accountId":"…"}` credential names. */
export function readOAuthAccountId(json: Record<string, unknown>): string {
  const { accountId } = json;
  if (typeof accountId !== 'string' || accountId.trim() === '') {
    throw new GoogleAccessError(
      'an oauth_account credential needs the accountId of a connected Google account (Sources → Google accounts)',
      { credentials: true },
    );
  }
  return accountId.trim();
}

/**
 * Bearer tokens of an account connected from the dashboard (OAuth). The account acts as itself:
 * a source's `subject` does not apply. Its refusals become GoogleAccessError like a service
 * account's, so the engine and the watch services treat both kinds alike: an unusable account
 * (revoked, needing reconnection, unknown) or a refused client is a credentials problem, an
 * outage a failure that may pass.
 */
@Injectable()
export class OAuthAccountTokens {
  constructor(private readonly accounts: GoogleOAuthAccounts) {}

  async accessToken(json: Record<string, unknown>, request: TokenRequest, signal?: AbortSignal): Promise<string> {
    const accountId = readOAuthAccountId(json);
    if (request.renew) this.accounts.forget(accountId);
    try {
      return await this.accounts.accessToken(accountId, signal);
    } catch (error) {
      if (error instanceof GoogleAccountUnusableError)
        throw new GoogleAccessError(error.message, { credentials: true });
      if (error instanceof GoogleOAuthRefusedError) {
        throw new GoogleAccessError(error.message, { status: error.status, credentials: true });
      }
      if (error instanceof GoogleOAuthUnavailableError) throw new GoogleAccessError(error.message);
      throw error;
    }
  }
}
