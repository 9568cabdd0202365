/** Webhook sources are not named like the admin paths below /webhooks. */
export const RESERVED_WEBHOOK_PATHS = ['events', 'sources', 'rejections', 'replays'];

const DELIVERY_PATH = /^\/webhooks\/([^/?#]+)(?:\/([^/?#]+))?\/?(?:\?|$)/;

/**
 * The source a delivery URL names: `/webhooks/<source>`, or `/webhooks/<source>/<topic>` for the
 * seed system's fixed routes (`/webhooks/espocrm/people-sync` is the source `espocrm-people-sync`).
 * `undefined` when the URL is not a delivery's; `null` when it is, but does not decode.
 */
export function ingestSlug(url: string): string | null | undefined {
  const match = DELIVERY_PATH.exec(url);
  if (!match || RESERVED_WEBHOOK_PATHS.includes(match[1]!)) return undefined;
  try {
    const source = decodeURIComponent(match[1]!);
    return match[2] === undefined ? source : `${source}-${decodeURIComponent(match[2])}`;
  } catch {
    return null;
  }
}
