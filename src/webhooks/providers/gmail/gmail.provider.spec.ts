import { lookup } from 'node:dns/promises';
import { createServer, Server } from 'node:http';
import { hostname } from 'node:os';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, JWTPayload, KeyLike, SignJWT } from 'jose';
import { isPublicAddress } from '../../../routing/forward/address-policy';
import { IncomingDelivery, MalformedDeliveryError } from '../webhook-provider';
import { GmailProvider } from './gmail.provider';

const AUDIENCE = 'https://hooks.example.com/webhooks/gmail';
const PUSH_ACCOUNT = 'gmail-push@acme-prod.iam.gserviceaccount.com';

interface SigningKey {
  kid: string;
  privateKey: KeyLike;
  publicKey: KeyLike;
}

const signingKey = async (kid: string): Promise<SigningKey> => ({ kid, ...(await generateKeyPair('RS256')) });

/** A Pub/Sub push token as Google issues it (claims per Pub/Sub's "authenticate push" docs). */
async function token(key: SigningKey, claims: JWTPayload = {}, kid = key.kid): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const payload: JWTPayload = {
    iss: 'https://accounts.google.com',
    aud: AUDIENCE,
    sub: '112233445566778899000',
    azp: '112233445566778899000',
    email: PUSH_ACCOUNT,
    email_verified: true,
    iat: now - 60,
    exp: now + 3540,
    ...claims,
  };
  return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' }).sign(key.privateKey);
}

const notification = { emailAddress: 'ops@acme.example', historyId: 9876543 };
const message = {
  data: Buffer.from(JSON.stringify(notification)).toString('base64'),
  messageId: '2070443601311540',
  message_id: '2070443601311540',
  publishTime: '2025-03-04T10:00:00.123Z',
  publish_time: '2025-03-04T10:00:00.123Z',
  attributes: {},
};
const body = JSON.stringify({ message, subscription: 'projects/acme-prod/subscriptions/gmail-push' });

function delivery(authorization: string | undefined, payload = body): IncomingDelivery {
  return {
    method: 'POST',
    url: '/webhooks/gmail',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: Buffer.from(payload),
    receivedAt: new Date(),
  };
}

describe('GmailProvider', () => {
  let server: Server;
  let baseUrl: string;
  let keyRequests = 0;
  let current: SigningKey;
  let previous: SigningKey;
  let stranger: SigningKey;
  const provider = new GmailProvider();
  // The fake key server is on loopback, which a source may reach only with WEBHOOK_JWKS_ALLOW_PRIVATE.
  const source = (settings: Record<string, unknown> = {}, allowPrivateNetworks = true) => ({
    slug: 'gmail',
    secrets: [],
    settings: { audience: AUDIENCE, serviceAccountEmail: PUSH_ACCOUNT, jwksUrl: `${baseUrl}/certs`, ...settings },
    allowPrivateNetworks,
  });

  beforeAll(async () => {
    [current, previous, stranger] = await Promise.all([
      signingKey('key-2025-03'),
      signingKey('key-2025-02'),
      signingKey('other'),
    ]);
    const keys = await Promise.all(
      [current, previous].map(async (k) => ({
        ...(await exportJWK(k.publicKey)),
        kid: k.kid,
        alg: 'RS256',
        use: 'sig',
      })),
    );
    server = createServer((req, res) => {
      if (req.url !== '/certs') {
        res.writeHead(500).end('unavailable');
        return;
      }
      keyRequests++;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  });

  it('accepts a token signed with any of Google’s current keys, fetching the keys once', async () => {
    expect(await provider.verify(delivery(`Bearer ${await token(current)}`), source())).toEqual({
      ok: true,
      method: 'google-oidc-rs256',
    });
    expect(await provider.verify(delivery(`Bearer ${await token(previous)}`), source())).toMatchObject({ ok: true });
    const legacyIssuer = await token(current, { iss: 'accounts.google.com' });
    expect(await provider.verify(delivery(`Bearer ${legacyIssuer}`), source())).toMatchObject({ ok: true });
    expect(keyRequests).toBe(1);
  });

  it.each<[string, () => Promise<string>, string]>([
    [
      'a wrong audience',
      () => token(current, { aud: 'https://elsewhere.example.com/push' }),
      `Bearer token audience is not the configured "${AUDIENCE}"`,
    ],
    [
      'an expired token',
      () => token(current, { iat: Math.floor(Date.now() / 1000) - 7200, exp: Math.floor(Date.now() / 1000) - 3600 }),
      'Bearer token has expired',
    ],
    [
      'another service account',
      () => token(current, { email: 'intruder@evil-project.iam.gserviceaccount.com' }),
      'Bearer token is for "intruder@evil-project.iam.gserviceaccount.com", not the configured service account',
    ],
    ['an unverified email', () => token(current, { email_verified: false }), 'Bearer token email is not verified'],
    [
      'another issuer',
      () => token(current, { iss: 'https://evil.example.com' }),
      'Bearer token was not issued by accounts.google.com',
    ],
    ['another key under a known kid', () => token(stranger, {}, current.kid), 'Bearer token signature does not verify'],
    [
      'another key under its own kid',
      () => token(stranger),
      "Bearer token is signed by a key that is not among Google's keys",
    ],
    [
      'an HS256 token',
      () => new SignJWT({ email: PUSH_ACCOUNT }).setProtectedHeader({ alg: 'HS256' }).sign(new Uint8Array(32)),
      'Bearer token is not signed with RS256',
    ],
    ['garbage', async () => 'not.a.jwt', 'Bearer token is not a valid JWT'],
  ])('refuses %s', async (_what, make, reason) => {
    expect(await provider.verify(delivery(`Bearer ${await make()}`), source())).toEqual({ ok: false, reason });
  });

  it('refuses a delivery without a bearer token', async () => {
    expect(await provider.verify(delivery(undefined), source())).toEqual({
      ok: false,
      reason: 'Missing Authorization header',
    });
    expect(await provider.verify(delivery('Basic dXNlcjpwYXNz'), source())).toEqual({
      ok: false,
      reason: 'Authorization is not a Bearer token',
    });
  });

  it('says when the keys cannot be fetched', async () => {
    const verification = await provider.verify(
      delivery(`Bearer ${await token(current)}`),
      source({ jwksUrl: `${baseUrl}/down` }),
    );
    expect(verification).toEqual({
      ok: false,
      reason: `Google's signing keys could not be read from ${baseUrl}/down: Expected 200 OK from the JSON Web Key Set HTTP response`,
    });
  });

  describe('guards the admin-set jwksUrl against reaching the internal network', () => {
    it('refuses a literal loopback or private address without fetching it', async () => {
      const before = keyRequests;
      const verification = await provider.verify(delivery(`Bearer ${await token(current)}`), source({}, false));
      expect(verification).toEqual({
        ok: false,
        reason: `Google's signing keys are not fetched from ${baseUrl}/certs: 127.0.0.1 is a loopback address, not a public one (set WEBHOOK_JWKS_ALLOW_PRIVATE=true to allow private networks)`,
      });
      const metadata = await provider.verify(
        delivery(`Bearer ${await token(current)}`),
        source({ jwksUrl: 'http://169.254.169.254/computeMetadata/v1/' }, false),
      );
      expect(metadata).toMatchObject({ ok: false, reason: expect.stringContaining('linkLocal') as unknown });
      expect(keyRequests).toBe(before);
    });

    it('refuses a host name that resolves to a non-public address, on the connection itself', async () => {
      const port = new URL(baseUrl).port;
      const { address } = await lookup(hostname());
      if (isPublicAddress(address)) return; // this machine's name is public: nothing to show here
      const jwksUrl = `http://${hostname()}:${port}/certs`;
      const verification = await provider.verify(
        delivery(`Bearer ${await token(current)}`),
        source({ jwksUrl }, false),
      );
      expect(verification).toEqual({
        ok: false,
        reason: `Google's signing keys are not fetched from ${jwksUrl}: ${hostname()} resolves to ${address}, which is not a public address (set WEBHOOK_JWKS_ALLOW_PRIVATE=true to allow private networks)`,
      });
    });
  });

  it('refuses every delivery while the required settings are missing', async () => {
    const verification = await provider.verify(delivery(`Bearer ${await token(current)}`), {
      slug: 'gmail',
      secrets: [],
      settings: {},
    });
    expect(verification).toMatchObject({
      ok: false,
      reason: expect.stringContaining("The source's settings are invalid") as unknown,
    });
  });

  it('parses the push message, lifting the decoded notification to the top', () => {
    expect(provider.parse(delivery(undefined))).toEqual([
      {
        deliveryId: '2070443601311540',
        eventType: 'gmail.message.received',
        providerEventType: 'pubsub.push',
        body: JSON.stringify({ ...notification, message, subscription: 'projects/acme-prod/subscriptions/gmail-push' }),
        description: 'Gmail ops@acme.example: mailbox changed (history 9876543)',
      },
    ]);
  });

  it('refuses a push message without an id or Gmail data', () => {
    const noId = JSON.stringify({ message: { data: message.data }, subscription: 's' });
    expect(() => provider.parse(delivery(undefined, noId))).toThrow(
      new MalformedDeliveryError('The Pub/Sub message has no messageId'),
    );
    const notGmail = JSON.stringify({ message: { messageId: '1', data: Buffer.from('{"x":1}').toString('base64') } });
    expect(() => provider.parse(delivery(undefined, notGmail))).toThrow('The Gmail notification has no emailAddress');
  });

  it('lists every problem with its settings', () => {
    expect(provider.validateSettings({ audience: AUDIENCE, serviceAccountEmail: PUSH_ACCOUNT })).toEqual([]);
    expect(provider.validateSettings({ jwksUrl: 'ftp://keys' })).toEqual([
      'audience is required: the audience set on the Pub/Sub push subscription (by default its push URL)',
      'serviceAccountEmail is required: the service account email the push subscription authenticates as',
      'jwksUrl must be an http(s) URL (default https://www.googleapis.com/oauth2/v3/certs)',
    ]);
  });
});
