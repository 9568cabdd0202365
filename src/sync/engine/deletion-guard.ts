export interface GuardInput {
  resource: string;
  /** Resources the complete listing held. */
  listed: number;
  /** Resources the last complete listing held (null before the first). */
  previous: number | null;
  /** Live resources this listing did not see: what the sweep would delete. */
  unseen: number;
  /** SYNC_SHORT_LISTING_PERCENT: 0 turns the guard off. */
  percent: number;
  /** An operator accepted the next short listing. */
  accepted: boolean;
}

/**
 * Why a complete listing must not delete anything, or undefined when it may: an API hiccup
 * answering a short (or empty) list must not delete half a team.
 */
export function deletionRefusal(input: GuardInput): string | undefined {
  const { listed, previous, unseen, percent, accepted, resource } = input;
  if (unseen === 0 || accepted || percent === 0 || previous === null || previous === 0) return undefined;
  if (listed * 100 >= previous * percent) return undefined;
  return (
    `deletions refused: the listing held ${listed} ${resource} resources, fewer than ${percent}% of the ` +
    `${previous} of the last complete listing, so the ${unseen} it did not list were kept ` +
    `(accept the deletions if they are real)`
  );
}
