import { createHmac } from 'node:crypto';
import { constantTimeEqual } from '../platform/security/constant-time';

export interface LinkClaims {
  key: string;
  filename: string;
  contentType: string;
  /** Unix seconds. */
  expiresAt: number;
}

export type LinkCheck = { ok: true; claims: LinkClaims } | { ok: false; status: 404 | 410; reason: string };

/**
 * Download links for objects Switchyard serves itself (the disk backend): the key, the file name,
 * the content type and the expiry, signed with HMAC-SHA256 under a key derived from the secrets key.
 * Nothing is stored: a link is valid until it expires and cannot be changed without breaking it.
 */
export class DownloadLinks {
  private readonly key: Buffer;

  constructor(secretsKey: string) {
    this.key = createHmac('sha256', secretsKey).update('switchyard:download-links:v1').digest();
  }

  /** The `/files/<token>` path segment. */
  sign(claims: LinkClaims): string {
    const payload = Buffer.from(
      JSON.stringify({ k: claims.key, n: claims.filename, t: claims.contentType, e: claims.expiresAt }),
    ).toString('base64url');
    return `${payload}.${this.mac(payload)}`;
  }

  verify(token: string, now = Date.now()): LinkCheck {
    const [payload, mac, extra] = token.split('.');
    if (!payload || !mac || extra !== undefined || !constantTimeEqual(mac, this.mac(payload))) {
      return { ok: false, status: 404, reason: 'This download link is not valid (damaged, or not made here)' };
    }
    const raw = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const claims: LinkClaims = {
      key: String(raw.k),
      filename: String(raw.n),
      contentType: String(raw.t),
      expiresAt: Number(raw.e),
    };
    if (!(claims.expiresAt * 1000 > now)) {
      return { ok: false, status: 410, reason: 'This download link has expired: ask for a new one' };
    }
    return { ok: true, claims };
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }
}
