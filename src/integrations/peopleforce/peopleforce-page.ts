export interface PeopleforcePage<T> {
  data: T[];
  page: number;
  pages: number;
}

/** A PeopleForce list answer that is not the page asked for, or no page at all. */
export class PeopleforcePageError extends Error {
  override readonly name = 'PeopleforcePageError';
}

/**
 * One page of a PeopleForce list: `{"data": [...], "metadata": {"pagination": {"page", "pages",
 * "count", "items"}}}` (count the total, items the page size). Throws when the data or pagination
 * is missing or the page is not the one asked for (a server looping on one page).
 */
export function readPeopleforcePage<T>(body: unknown, asked: number): PeopleforcePage<T> {
  const { data, metadata } = (body ?? {}) as { data?: unknown; metadata?: { pagination?: Record<string, unknown> } };
  const pagination = metadata?.pagination;
  if (!Array.isArray(data) || !pagination) {
    throw new PeopleforcePageError('PeopleForce answered a list without data and metadata.pagination');
  }
  const page = Number(pagination.page);
  const pages = Number(pagination.pages);
  if (!Number.isInteger(page) || !Number.isInteger(pages) || page !== asked) {
    throw new PeopleforcePageError(
      `PeopleForce answered page ${String(pagination.page)} of ${String(pagination.pages)} when asked for page ${asked}`,
    );
  }
  return { data: data as T[], page, pages };
}
