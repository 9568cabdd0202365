import { createHmac } from 'node:crypto';

/** What a generic HMAC sender puts in its signature header (before any prefix such as `sha256=`). */
export const hmacSignature = (
  algorithm: 'sha1' | 'sha256' | 'sha512',
  secret: string,
  body: string,
  encoding: 'hex' | 'base64',
): string => createHmac(algorithm, secret).update(body).digest(encoding);
