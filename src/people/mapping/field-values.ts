/** Small readers that accept the shapes real CRMs hold for one value. */

export function text(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/** A list given as an array or as a comma (or semicolon) separated string; trimmed, no blanks or repeats. */
export function list(value: unknown): string[] {
  const items = Array.isArray(value) ? value.map(text) : typeof value === 'string' ? value.split(/[,;]/).map(text) : [];
  const seen = new Set<string>();
  const out: string[] = [];
  for (const item of items) {
    if (item === null || seen.has(item.toLowerCase())) continue;
    seen.add(item.toLowerCase());
    out.push(item);
  }
  return out;
}

/** EspoCRM datetimes are `YYYY-MM-DD HH:mm:ss` in UTC; dates `YYYY-MM-DD`. ISO 8601 out, null when unreadable. */
export function espoDate(value: unknown): string | null {
  const raw = text(value);
  if (!raw) return null;
  const match = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2})?))?/.exec(raw);
  if (!match) return null;
  const time = match[2] ? (match[2].length === 5 ? `${match[2]}:00` : match[2]) : '00:00:00';
  const date = new Date(`${match[1]}T${time}Z`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** `UTC+2`, `GMT+02:00`, `+0530`, `UTC` → `UTC±HH:MM`; anything else is kept as written. */
export function timezone(value: unknown): string | null {
  const raw = text(value);
  if (!raw) return null;
  if (/^(utc|gmt|z)$/i.test(raw)) return 'UTC+00:00';
  const match = /^(?:utc|gmt)?\s*([+-−])\s*(\d{1,2})(?::?(\d{2}))?$/i.exec(raw);
  if (!match) return raw;
  const hours = Number(match[2]);
  const minutes = Number(match[3] ?? 0);
  if (hours > 14 || minutes > 59) return raw;
  const sign = match[1] === '+' ? '+' : '-';
  return `UTC${sign}${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}

/** A GitHub username, also from a profile URL or `@name`. */
export function github(value: unknown): string | null {
  const raw = text(value);
  if (!raw) return null;
  const fromUrl = /github\.com\/([A-Za-z0-9-]+)/i.exec(raw);
  return fromUrl ? fromUrl[1]! : raw.replace(/^@+/, '');
}

/** A LinkedIn profile URL; a bare handle becomes one. */
export function linkedin(value: unknown): string | null {
  const raw = text(value);
  if (!raw) return null;
  if (/^https?:\/\//i.test(raw)) return raw;
  if (/linkedin\.com\//i.test(raw)) return `https://${raw.replace(/^\/+/, '')}`;
  return /^[\w-]+$/.test(raw) ? `https://www.linkedin.com/in/${raw}` : raw;
}
