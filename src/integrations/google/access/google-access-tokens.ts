import { Injectable } from '@nestjs/common';
import { GoogleAccessError } from './google-access-error';
import { OAuthAccountTokens } from './oauth-account-tokens';
import { readCredentialJson, readServiceAccountKey } from './service-account-key';
import { ServiceAccountTokens, TokenRequest } from './service-account-tokens';

export type { TokenRequest } from './service-account-tokens';

/** Turns one kind of credential JSON into a bearer token. */
type CredentialKind = (json: Record<string, unknown>, request: TokenRequest, signal?: AbortSignal) => Promise<string>;

/**
 * A Google source's credential (its sealed secret, opened) into a bearer token, by the JSON's
 * `type`: `service_account` (a JSON key with domain-wide delegation; `subject` is the user it acts
 * as) or `oauth_account` (`{"type":"oauth_account","accountId":"…"}`, an account connected on the
 * dashboard). Another kind is one more entry in `kinds`.
 */
@Injectable()
export class GoogleAccessTokens {
  private readonly kinds: Readonly<Record<string, CredentialKind>>;

  constructor(serviceAccounts: ServiceAccountTokens, oauthAccounts: OAuthAccountTokens) {
    this.kinds = {
      service_account: (json, request, signal) =>
        serviceAccounts.accessToken(readServiceAccountKey(json), request, signal),
      oauth_account: (json, request, signal) => oauthAccounts.accessToken(json, request, signal),
    };
  }

  /** The credential types this process understands. */
  get types(): string[] {
    return Object.keys(this.kinds);
  }

  async accessToken(credential: string | undefined, request: TokenRequest, signal?: AbortSignal): Promise<string> {
    const json = readCredentialJson(credential);
    const kind = Object.hasOwn(this.kinds, json.type) ? this.kinds[json.type] : undefined;
    if (!kind) {
      throw new GoogleAccessError(
        `a Google credential of type "${json.type}" is not supported (supported: ${this.types.join(', ')})`,
        { credentials: true },
      );
    }
    return kind(json, request, signal);
  }
}
