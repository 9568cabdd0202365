/**
 * One segment of a normalised event type: lower case, anything but letters, digits, `_` and `-`
 * replaced by `_` (`propertyChange` → `propertychange`, `Field Update` → `field_update`).
 */
export const eventSegment = (raw: string): string =>
  raw
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '_')
    .slice(0, 64) || 'unknown';

/** A dotted raw type normalised segment by segment: `deal.propertyChange` → `deal.propertychange`. */
export const eventPath = (raw: string): string =>
  raw
    .split('.')
    .filter((part) => part.trim() !== '')
    .map(eventSegment)
    .join('.') || 'unknown';

/** Collapses whitespace and control characters and clips, so a description stays one short line. */
export function oneLine(text: string, max = 200): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\s\u0000-\u001f\u007f]+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

export const field = (value: unknown, key: string): unknown =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)[key]
    : undefined;
