import { decodeJwt, decodeProtectedHeader } from 'jose';
import { GoogleAccessError } from '../src/integrations/google/access/google-access-error';
import { GoogleAccessTokens } from '../src/integrations/google/access/google-access-tokens';
import type { OAuthAccountTokens } from '../src/integrations/google/access/oauth-account-tokens';
import { ServiceAccountTokens } from '../src/integrations/google/access/service-account-tokens';
import { AppConfig } from '../src/platform/config/app-config';
import { FakeGoogleTokenService } from './support/fake-google-token';

const CALENDAR = 'https://www.googleapis.com/auth/calendar.readonly';
const GMAIL = 'https://www.googleapis.com/auth/gmail.readonly';

/**
 * Service account access (domain-wide delegation) against a loopback Google token endpoint that
 * checks the RS256 assertion with the account's public key: a token for the impersonated user,
 * cached until shortly before it expires, and Google's refusals as GoogleAccessErrors.
 */
describe('Google access: service account keys', () => {
  const google = new FakeGoogleTokenService();
  let access: GoogleAccessTokens;

  beforeAll(async () => {
    await google.start();
    const config = AppConfig.fromPlain({ google: { tokenUrl: google.tokenUrl } } as AppConfig);
    // Only service account keys here: connected accounts are tested in google-oauth.e2e-spec.ts.
    const noOAuthAccounts = {} as OAuthAccountTokens;
    access = new GoogleAccessTokens(new ServiceAccountTokens(config), noOAuthAccounts);
  });
  afterAll(() => google.stop());

  const tokenRequests = () => google.requestsTo(/^\/token$/, 'POST');
  const refusal = async (promise: Promise<unknown>): Promise<GoogleAccessError> => {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(GoogleAccessError);
    return error as GoogleAccessError;
  };

  it('signs an RS256 assertion for the impersonated user and exchanges it for a bearer token', async () => {
    const account = google.tokens.addServiceAccount('calendar-sync', [CALENDAR]);
    const token = await access.accessToken(JSON.stringify(account.key), {
      scopes: [CALENDAR],
      subject: 'ops@example.org',
    });
    expect(google.tokens.check(`Bearer ${token}`)).toMatchObject({
      clientEmail: account.key.client_email,
      subject: 'ops@example.org',
      scopes: [CALENDAR],
    });
    const [request] = tokenRequests();
    expect(request!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const form = request!.body as Record<string, string>;
    expect(form.grant_type).toBe('urn:ietf:params:oauth:grant-type:jwt-bearer');
    expect(decodeProtectedHeader(form.assertion!)).toMatchObject({ alg: 'RS256', kid: account.key.private_key_id });
    const claims = decodeJwt(form.assertion!);
    expect(claims).toMatchObject({
      iss: account.key.client_email,
      sub: 'ops@example.org',
      aud: google.tokenUrl,
      scope: CALENDAR,
    });
    expect(claims.exp! - claims.iat!).toBe(3600);
  });

  it('reuses a token until shortly before it expires; callers at once share one exchange', async () => {
    const account = google.tokens.addServiceAccount('cached', [CALENDAR, GMAIL]);
    const before = tokenRequests().length;
    const credential = JSON.stringify(account.key);
    const request = { scopes: [CALENDAR], subject: 'ops@example.org' };
    const tokens = await Promise.all([1, 2, 3].map(() => access.accessToken(credential, request)));
    expect(new Set(tokens).size).toBe(1);
    expect(await access.accessToken(credential, request)).toBe(tokens[0]);
    expect(tokenRequests().length - before).toBe(1);
    // Another user or other scopes are another token.
    await access.accessToken(credential, { scopes: [CALENDAR], subject: 'team@example.org' });
    await access.accessToken(credential, { scopes: [GMAIL], subject: 'ops@example.org' });
    expect(tokenRequests().length - before).toBe(3);

    // A token living four minutes is within the five-minute margin: never reused.
    google.tokens.tokenSeconds = 240;
    const short = google.tokens.addServiceAccount('short-lived', [CALENDAR]);
    const first = await access.accessToken(JSON.stringify(short.key), request);
    const second = await access.accessToken(JSON.stringify(short.key), request);
    expect(second).not.toBe(first);
    google.tokens.tokenSeconds = 3600;
  });

  it('a key that does not match the account is refused by its signature', async () => {
    const account = google.tokens.addServiceAccount('victim', [CALENDAR]);
    const other = google.tokens.addServiceAccount('attacker', [CALENDAR]);
    const forged = { ...account.key, private_key: other.key.private_key };
    const error = await refusal(access.accessToken(JSON.stringify(forged), { scopes: [CALENDAR], subject: 'a@b.c' }));
    expect(error.message).toBe('Google refused the credential (400): invalid_grant: Invalid JWT Signature.');
    expect(error.details).toMatchObject({ status: 400, credentials: true });
    expect(error.message).not.toContain('PRIVATE KEY');
  });

  it('a scope not delegated to the account is unauthorized_client', async () => {
    const account = google.tokens.addServiceAccount('no-delegation', [GMAIL]);
    const error = await refusal(
      access.accessToken(JSON.stringify(account.key), { scopes: [CALENDAR], subject: 'ops@example.org' }),
    );
    expect(error.message).toContain('(401): unauthorized_client: Client is unauthorized');
    expect(error.details.credentials).toBe(true);
  });

  it('a credential that is not a usable key says why, without quoting it', async () => {
    const request = { scopes: [CALENDAR] };
    expect((await refusal(access.accessToken(undefined, request))).message).toContain('no credential');
    expect((await refusal(access.accessToken('Bearer abc', request))).message).toBe(
      'the credential is not JSON (a service account JSON key was expected)',
    );
    expect((await refusal(access.accessToken('{"client_email":"x@y"}', request))).message).toBe(
      'the credential JSON has no "type" (such as "service_account")',
    );
    expect(
      (await refusal(access.accessToken('{"type":"authorized_user","refresh_token":"1//secret"}', request))).message,
    ).toBe(
      'a Google credential of type "authorized_user" is not supported (supported: service_account, oauth_account)',
    );
    const broken = { type: 'service_account', client_email: 'a@b.iam.gserviceaccount.com', private_key: 'x' };
    expect((await refusal(access.accessToken(JSON.stringify(broken), request))).message).toBe(
      'the service account key of a@b.iam.gserviceaccount.com has no PEM private_key',
    );
  });

  it('Google being unavailable is not the credential’s fault, and says when to come back', async () => {
    const account = google.tokens.addServiceAccount('busy', [CALENDAR]);
    google.next({ status: 503, headers: { 'retry-after': '30' }, body: { error: 'backendError' } });
    const error = await refusal(access.accessToken(JSON.stringify(account.key), { scopes: [CALENDAR] }));
    expect(error.details.credentials).toBeUndefined();
    expect(error.details.retryAt!.getTime()).toBeGreaterThan(Date.now() + 25_000);
  });
});
