import { generateKeyPairSync, KeyObject, randomBytes } from 'node:crypto';
import { decodeProtectedHeader, errors, jwtVerify } from 'jose';
import { FakeJsonService, RecordedRequest, Reply } from './fake-json-service';

/** A service account the fake knows: its JSON key as Google downloads it, and its public key. */
export interface FakeServiceAccount {
  /** The JSON key (what a source stores as its secret). */
  key: {
    type: 'service_account';
    project_id: string;
    private_key_id: string;
    private_key: string;
    client_email: string;
    client_id: string;
    token_uri: string;
  };
  publicKey: KeyObject;
  /** Scopes an admin granted this account's client id under domain-wide delegation. */
  delegatedScopes: Set<string>;
}

export interface IssuedAccessToken {
  token: string;
  clientEmail: string;
  subject?: string;
  scopes: string[];
  expiresAt: number;
}

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

const oauthError = (status: number, error: string, description: string): Reply => ({
  status,
  body: { error, error_description: description },
});

/**
 * Google's OAuth 2.0 token endpoint for service accounts, as a part of a loopback fake: the
 * jwt-bearer grant only; the assertion's RS256 signature checked with the public key of the
 * account it names (iss), its `aud` = the token URL, `exp` at most an hour after `iat` and not
 * past, a `scope`; with `sub` (impersonation) every scope must be delegated to the account. Answers
 * and errors in Google's shape (`invalid_grant`, `unauthorized_client`). Issued tokens expire.
 */
export class FakeGoogleTokenEndpoint {
  readonly accounts = new Map<string, FakeServiceAccount>();
  readonly issued = new Map<string, IssuedAccessToken>();
  /** Seconds an access token lives. */
  tokenSeconds = 3600;

  constructor(private readonly tokenUrl: () => string) {}

  /** A new service account with its key pair (2048-bit RSA, PKCS#8 PEM as Google's JSON keys have). */
  addServiceAccount(name: string, delegatedScopes: string[] = []): FakeServiceAccount {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const clientEmail = `${name}@switchyard-test.iam.gserviceaccount.com`;
    const account: FakeServiceAccount = {
      key: {
        type: 'service_account',
        project_id: 'switchyard-test',
        private_key_id: randomBytes(20).toString('hex'),
        private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        client_email: clientEmail,
        client_id: String(100000000000000000000n + BigInt(this.accounts.size)),
        token_uri: this.tokenUrl(),
      },
      publicKey,
      delegatedScopes: new Set(delegatedScopes),
    };
    this.accounts.set(clientEmail, account);
    return account;
  }

  /** The token's grant when it is known and not expired. */
  check(authorization: string | undefined): IssuedAccessToken | undefined {
    const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
    const issued = token ? this.issued.get(token) : undefined;
    return issued && issued.expiresAt > Date.now() ? issued : undefined;
  }

  /** Makes every token issued so far expire (as an hour passing would). */
  expireAll(): void {
    for (const issued of this.issued.values()) issued.expiresAt = 0;
  }

  requests(all: RecordedRequest[]): RecordedRequest[] {
    const path = new URL(this.tokenUrl()).pathname;
    return all.filter((r) => r.path === path);
  }

  async handle(request: RecordedRequest): Promise<Reply> {
    if (request.method !== 'POST') return oauthError(405, 'invalid_request', 'Method not allowed');
    const form = (request.body ?? {}) as Record<string, string>;
    if (form.grant_type !== JWT_BEARER) {
      return oauthError(400, 'unsupported_grant_type', `Invalid grant_type: ${form.grant_type ?? ''}`);
    }
    const assertion = form.assertion;
    if (!assertion) return oauthError(400, 'invalid_request', 'Missing required parameter: assertion');
    let iss: unknown;
    try {
      decodeProtectedHeader(assertion);
      iss = JSON.parse(Buffer.from(assertion.split('.')[1] ?? '', 'base64url').toString('utf8')).iss;
    } catch {
      return oauthError(400, 'invalid_grant', 'Invalid JWT: the assertion is not a JWT');
    }
    const account = typeof iss === 'string' ? this.accounts.get(iss) : undefined;
    if (!account) return oauthError(400, 'invalid_grant', 'Invalid grant: account not found');
    let claims;
    try {
      claims = (
        await jwtVerify(assertion, account.publicKey, {
          algorithms: ['RS256'],
          audience: this.tokenUrl(),
          requiredClaims: ['iat', 'exp', 'scope'],
        })
      ).payload;
    } catch (error) {
      if (error instanceof errors.JWSSignatureVerificationFailed) {
        return oauthError(400, 'invalid_grant', 'Invalid JWT Signature.');
      }
      if (error instanceof errors.JWTExpired) {
        return oauthError(
          400,
          'invalid_grant',
          'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.',
        );
      }
      return oauthError(400, 'invalid_grant', `Invalid JWT: ${(error as Error).message}`);
    }
    if (claims.exp! - claims.iat! > 3600) {
      return oauthError(
        400,
        'invalid_grant',
        'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.',
      );
    }
    const scopes = String(claims.scope).split(' ').filter(Boolean);
    if (scopes.length === 0) return oauthError(400, 'invalid_scope', 'Empty or missing scope not allowed.');
    if (claims.sub !== undefined && !scopes.every((scope) => account.delegatedScopes.has(scope))) {
      return oauthError(
        401,
        'unauthorized_client',
        'Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.',
      );
    }
    const token = `ya29.fake-${randomBytes(24).toString('base64url')}`;
    this.issued.set(token, {
      token,
      clientEmail: account.key.client_email,
      subject: claims.sub,
      scopes,
      expiresAt: Date.now() + this.tokenSeconds * 1000,
    });
    return { status: 200, body: { access_token: token, expires_in: this.tokenSeconds, token_type: 'Bearer' } };
  }
}

/** The token endpoint alone on a loopback server (`POST /token`), for tests of Google access itself. */
export class FakeGoogleTokenService extends FakeJsonService {
  readonly tokens = new FakeGoogleTokenEndpoint(() => `${this.origin}/token`);

  get tokenUrl(): string {
    return `${this.origin}/token`;
  }

  protected badJson(): Reply {
    return oauthError(400, 'invalid_request', 'Invalid request body');
  }

  protected route(request: RecordedRequest): Reply | Promise<Reply> {
    if (request.path === '/token') return this.tokens.handle(request);
    return { status: 404, body: 'Not Found' };
  }
}
