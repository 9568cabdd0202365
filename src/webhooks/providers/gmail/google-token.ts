import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { createRemoteJWKSet, errors, jwtVerify } from 'jose';
import { literalAddressProblem } from '../../../routing/forward/address-policy';
import { ForwardRefusedError, guardedLookup } from '../../../routing/forward/guarded-lookup';
import type { Verification } from '../webhook-provider';
import type { GmailSettings } from './gmail-settings';

const ISSUERS = ['accounts.google.com', 'https://accounts.google.com'];

const ALLOW_VARIABLE = 'WEBHOOK_JWKS_ALLOW_PRIVATE';

/**
 * Verifies Google-signed OIDC tokens (Pub/Sub push authentication) against a JWKS URL. One key set
 * per URL, kept for the life of the process: jose caches the keys (refetching at most every 10
 * minutes, or sooner, at most every 30 s, when a token names a key it does not have).
 *
 * The URL is set by an admin, so fetching it is guarded as http.forward is: a literal non-public
 * address is refused before connecting, and a host name is resolved by a lookup that refuses
 * non-public addresses on the very connection (no DNS-rebinding window), unless allowed.
 */
export class GoogleTokenVerifier {
  private readonly keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

  async verify(token: string, settings: GmailSettings, now: Date, allowPrivate = false): Promise<Verification> {
    const refused = allowPrivate ? undefined : literalAddressProblem(new URL(settings.jwksUrl));
    if (refused) {
      return {
        ok: false,
        reason: `Google's signing keys are not fetched from ${settings.jwksUrl}: ${refused} (set ${ALLOW_VARIABLE}=true to allow private networks)`,
      };
    }
    try {
      const { payload } = await jwtVerify(token, this.keySet(settings.jwksUrl, allowPrivate), {
        algorithms: ['RS256'],
        audience: settings.audience,
        issuer: ISSUERS,
        currentDate: now,
      });
      if (payload.email !== settings.serviceAccountEmail) {
        return {
          ok: false,
          reason: `Bearer token is for "${String(payload.email)}", not the configured service account`,
        };
      }
      if (payload.email_verified !== true) return { ok: false, reason: 'Bearer token email is not verified' };
      return { ok: true, method: 'google-oidc-rs256' };
    } catch (error) {
      return { ok: false, reason: reasonFor(error, settings) };
    }
  }

  private keySet(url: string, allowPrivate: boolean): ReturnType<typeof createRemoteJWKSet> {
    const key = `${allowPrivate ? 'any' : 'public'} ${url}`;
    let keys = this.keySets.get(key);
    if (!keys) {
      const lookup = guardedLookup(allowPrivate, ALLOW_VARIABLE);
      const agent = url.startsWith('https:') ? new HttpsAgent({ lookup }) : new HttpAgent({ lookup });
      keys = createRemoteJWKSet(new URL(url), { agent });
      this.keySets.set(key, keys);
    }
    return keys;
  }
}

function reasonFor(error: unknown, settings: GmailSettings): string {
  if (error instanceof errors.JWTExpired) return 'Bearer token has expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'aud') return `Bearer token audience is not the configured "${settings.audience}"`;
    if (error.claim === 'iss') return 'Bearer token was not issued by accounts.google.com';
    return `Bearer token claim "${error.claim}" is invalid: ${error.reason}`;
  }
  if (error instanceof errors.JWKSNoMatchingKey)
    return "Bearer token is signed by a key that is not among Google's keys";
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'Bearer token signature does not verify';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'Bearer token is not signed with RS256';
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid)
    return 'Bearer token is not a valid JWT';
  if (error instanceof ForwardRefusedError) {
    return `Google's signing keys are not fetched from ${settings.jwksUrl}: ${error.message}`;
  }
  return `Google's signing keys could not be read from ${settings.jwksUrl}: ${(error as Error).message}`;
}
