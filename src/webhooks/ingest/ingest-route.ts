import type { Request } from 'express';

/** Webhook sources are not named like the admin paths below /webhooks. */
export const RESERVED_WEBHOOK_PATHS = ['events', 'sources', 'rejections', 'replays'];

/**
 * Whether a request is a delivery to `/webhooks/<source>`: its body must reach the ingest
 * controller unread, because signatures are computed over the exact bytes.
 */
export function isIngestRequest(req: Request): boolean {
  if (req.method !== 'POST') return false;
  const match = /^\/webhooks\/([^/]+)(\/[^/]+)?\/?$/.exec(req.path);
  return match !== null && !RESERVED_WEBHOOK_PATHS.includes(match[1]!);
}
