import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, KeyLike, SignJWT } from 'jose';

export const PUSH_ACCOUNT = 'gmail-push@fuzz.iam.gserviceaccount.com';

/**
 * Google's side of a Pub/Sub push, on loopback: a JSON Web Key Set served over HTTP and the
 * RS256 tokens Pub/Sub would sign with it. The api reaches it only with WEBHOOK_JWKS_ALLOW_PRIVATE=true;
 * without it every Gmail case is refused, which is still a 4xx with a reason.
 */
export class GoogleKeys {
  private server?: Server;
  private privateKey!: KeyLike;
  jwksUrl = '';

  async start(): Promise<void> {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    this.privateKey = privateKey;
    const keys = [{ ...(await exportJWK(publicKey)), kid: 'fuzz-key', alg: 'RS256', use: 'sig' }];
    this.server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys }));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.jwksUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/certs`;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  /** A push token for `audience`, `ageSeconds` old (past its hour when over 3600). */
  token(audience: string, ageSeconds = 60): Promise<string> {
    const now = Math.floor(Date.now() / 1000) - ageSeconds;
    return new SignJWT({ email: PUSH_ACCOUNT, email_verified: true })
      .setProtectedHeader({ alg: 'RS256', kid: 'fuzz-key', typ: 'JWT' })
      .setIssuer('https://accounts.google.com')
      .setAudience(audience)
      .setIssuedAt(now)
      .setExpirationTime(now + 3600)
      .sign(this.privateKey);
  }
}
