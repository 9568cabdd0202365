import { UserFacingError } from '../../interactions/bot-reply';

const EARLIEST = Date.UTC(2000, 0, 1);

/** The date as typed (noon UTC, so it shows as that day in every time zone), or now; never in the future. */
export function verifiedAt(typed: string | undefined, now = new Date()): Date {
  const text = typed?.trim();
  if (!text) return now;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 12)) : undefined;
  if (!date || date.toISOString().slice(0, 10) !== text) {
    throw new UserFacingError(`date must be a calendar date written YYYY-MM-DD, e.g. 2025-03-14 ("${text}" is not).`);
  }
  if (date.getTime() < EARLIEST) throw new UserFacingError('date must be in 2000 or later.');
  if (text > now.toISOString().slice(0, 10)) throw new UserFacingError(`date ${text} is in the future.`);
  return date.getTime() > now.getTime() ? now : date;
}
