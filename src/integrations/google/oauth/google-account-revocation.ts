import { BadGatewayException, ConflictException, Injectable } from '@nestjs/common';
import { OperatorAlerts } from '../../../alerts/operator-alerts.service';
import type { AuditActor } from '../../../audit/audit-log';
import { SecretBox } from '../../../platform/security/secret-box';
import { GoogleAccounts, type GoogleAccountView } from './google-accounts';
import { GoogleOAuthClient } from './google-oauth-client';
import { GoogleOAuthAccounts } from './google-oauth-accounts';
import { GoogleOAuthRefusedError, GoogleOAuthUnavailableError } from './google-oauth-errors';
import { NEEDS_RECONNECT_ALERT } from './needs-reconnect-alert';

/**
 * Revoking a connected account: its refresh token revoked at Google (which ends the grant and its
 * access tokens), then the row marked revoked and the sealed token dropped. Runs in the route's
 * audited transaction, the row locked meanwhile. When Google cannot be reached nothing changes
 * (502): the account is only marked revoked once Google has let go of it.
 */
@Injectable()
export class GoogleAccountRevocation {
  constructor(
    private readonly accounts: GoogleAccounts,
    private readonly client: GoogleOAuthClient,
    private readonly tokens: GoogleOAuthAccounts,
    private readonly box: SecretBox,
    private readonly alerts: OperatorAlerts,
  ) {}

  async revoke(id: string, by: AuditActor): Promise<GoogleAccountView> {
    const account = await this.accounts.lockLive(id);
    if (!this.client.settings) {
      throw new ConflictException(
        'Google accounts are off (GOOGLE_OAUTH_CLIENT_ID unset), so Google cannot be asked to revoke the account: set it again first',
      );
    }
    if (account.refreshTokenSealed) {
      try {
        await this.client.revoke(this.box.open(account.refreshTokenSealed));
      } catch (error) {
        if (error instanceof GoogleOAuthRefusedError || error instanceof GoogleOAuthUnavailableError) {
          throw new BadGatewayException(`${error.message}: the account was not revoked, try again.`);
        }
        throw error;
      }
    }
    const revoked = await this.accounts.markRevoked(id, by);
    await this.alerts.resolve(NEEDS_RECONNECT_ALERT, id, by.name ?? by.id);
    this.tokens.forget(id);
    return revoked;
  }
}
