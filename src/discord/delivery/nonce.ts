import { createHash } from 'node:crypto';
import { LIMITS } from './discord-message';

/**
 * The nonce of part `index` of a post job: the same on every attempt of the job, so Discord
 * (with enforce_nonce) answers a repeated post with the message it already created.
 */
export function messageNonce(jobId: string, index: number): string {
  return createHash('sha256').update(`${jobId}:${index}`).digest('base64url').slice(0, LIMITS.nonce);
}
