import { BadRequestException } from '@nestjs/common';

/** Opaque paging position: the (time, id) of the last row of a page, newest-first order. */
export interface Keyset {
  at: string;
  id: string;
}

/**
 * The SQL for a row's position time, to select as `keyset_at` and pass to `encodeKeyset`: ISO 8601
 * with Postgres's microseconds. A JS Date would cut them to milliseconds, and the next page would
 * then skip the rest of the rows of that millisecond (one transaction's jobs share a created_on).
 */
export const keysetAt = (column: string): string =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export const encodeKeyset = (at: string, id: string): string =>
  Buffer.from(JSON.stringify({ at, id })).toString('base64url');

export function decodeKeyset(text: string): Keyset {
  try {
    const value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Keyset;
    if (typeof value.at === 'string' && typeof value.id === 'string' && !Number.isNaN(Date.parse(value.at)))
      return value;
  } catch {
    // fall through
  }
  throw new BadRequestException('cursor is not a value returned as "next" by this endpoint');
}
