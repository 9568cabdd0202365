import { Injectable } from '@nestjs/common';
import { importPKCS8, SignJWT } from 'jose';
import { AppConfig } from '../../../platform/config/app-config';
import { GoogleAccessError } from './google-access-error';
import type { ServiceAccountKey } from './service-account-key';
import { IssuedToken, requestToken } from './token-endpoint';

/** What a token is for: its scopes, and the Workspace user it acts as (domain-wide delegation). */
export interface TokenRequest {
  scopes: string[];
  /** The user impersonated (`sub`); none: the service account itself. */
  subject?: string;
  /** A new token even when one is cached (the API refused the cached one). */
  renew?: boolean;
}

/** A cached token is used until this long before Google says it expires. */
const EARLY_MS = 5 * 60 * 1000;
/** An assertion's life: Google accepts at most an hour. */
const ASSERTION_SECONDS = 3600;
const MAX_CACHED = 1000;
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/**
 * Access tokens for service accounts with domain-wide delegation: an RS256 JWT (iss = the
 * account, sub = the impersonated user, scope, aud = the token URL, an hour's exp) signed with the
 * key's private key by `jose`, exchanged at GOOGLE_TOKEN_URL (grant type jwt-bearer). Tokens are
 * cached per account, user and scopes until five minutes before they expire; callers asking at
 * once share one exchange.
 */
@Injectable()
export class ServiceAccountTokens {
  private readonly cache = new Map<string, IssuedToken>();
  private readonly pending = new Map<string, Promise<IssuedToken>>();

  constructor(private readonly config: AppConfig) {}

  async accessToken(key: ServiceAccountKey, request: TokenRequest, signal?: AbortSignal): Promise<string> {
    const scopes = [...new Set(request.scopes)].sort();
    const cacheKey = JSON.stringify([key.clientEmail, key.privateKeyId ?? '', request.subject ?? '', scopes]);
    const cached = this.cache.get(cacheKey);
    if (cached && !request.renew && cached.expiresAt - EARLY_MS > Date.now()) return cached.accessToken;
    let exchange = this.pending.get(cacheKey);
    if (!exchange) {
      exchange = this.exchange(key, scopes, request.subject, signal).finally(() => this.pending.delete(cacheKey));
      this.pending.set(cacheKey, exchange);
    }
    const issued = await exchange;
    if (this.cache.size >= MAX_CACHED) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(cacheKey, issued);
    return issued.accessToken;
  }

  private async exchange(
    key: ServiceAccountKey,
    scopes: string[],
    subject: string | undefined,
    signal?: AbortSignal,
  ): Promise<IssuedToken> {
    const tokenUrl = this.config.google.tokenUrl;
    let privateKey: Awaited<ReturnType<typeof importPKCS8>>;
    try {
      privateKey = await importPKCS8(key.privateKey, 'RS256');
    } catch {
      throw new GoogleAccessError(`the private_key of ${key.clientEmail} is not a PKCS#8 RSA key`, {
        credentials: true,
      });
    }
    const now = Math.floor(Date.now() / 1000);
    const jwt = new SignJWT({ scope: scopes.join(' ') })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', ...(key.privateKeyId ? { kid: key.privateKeyId } : {}) })
      .setIssuer(key.clientEmail)
      .setAudience(tokenUrl)
      .setIssuedAt(now)
      .setExpirationTime(now + ASSERTION_SECONDS);
    if (subject) jwt.setSubject(subject);
    const assertion = await jwt.sign(privateKey);
    return requestToken(tokenUrl, { grant_type: JWT_BEARER, assertion }, signal);
  }
}
