import { BadRequestException } from '@nestjs/common';

/** Opaque paging position: the (time, id) of the last row of a page, newest-first order. */
export interface Keyset {
  at: string;
  id: string;
}

export const encodeKeyset = (at: Date, id: string): string =>
  Buffer.from(JSON.stringify({ at: at.toISOString(), id })).toString('base64url');

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
