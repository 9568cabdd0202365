import { CITY_OFFSETS, COUNTRY_OFFSETS, ZONE_ABBREVIATIONS } from './places';
import type { ResumeProfile } from './resume-profile';

const LABELLED = /^\s*(location|address|based in|lives in|residence|wohnort|city)\s*[:：]?\s+(.{2,80})$/i;
const EXPLICIT_OFFSET = /\b(?:UTC|GMT)\s*([+-−])\s*(\d{1,2})(?::?(\d{2}))?\b/i;
const pad = (n: string) => n.padStart(2, '0');

/** An offset the text states (`UTC+2`, `GMT-05:00`, `CET`); null when it states none or several. */
function statedOffset(text: string): string | null {
  const explicit = text.match(EXPLICIT_OFFSET);
  if (explicit) {
    const sign = explicit[1] === '+' ? '+' : '-';
    const hours = Number(explicit[2]);
    const minutes = explicit[3] ?? '00';
    if (hours <= 14 && ['00', '30', '45'].includes(minutes)) return `${sign}${pad(String(hours))}:${minutes}`;
  }
  const abbreviations = new Set(
    [...text.matchAll(/\b(CET|CEST|EET|WET|EST|EDT|PST|PDT|MST|JST|AEST)\b/g)].map((m) => ZONE_ABBREVIATIONS[m[1]!]),
  );
  return abbreviations.size === 1 ? [...abbreviations][0]! : null;
}

const lookup = (place: string, table: Record<string, string>): string | undefined => {
  const lower = place.toLowerCase();
  const hits = new Set(
    Object.keys(table)
      .filter((name) => new RegExp(`(^|[^\\p{L}])${name}($|[^\\p{L}])`, 'u').test(lower))
      .map((name) => table[name]!),
  );
  return hits.size === 1 ? [...hits][0] : undefined;
};

/**
 * Where the person lives: a labelled line (Location:, Address:, Based in), else a "City, Country"
 * line near the top naming a known place. The time zone is `UTC±HH:MM` (standard time) when the
 * text states one, or the city or a single-zone country settles it; otherwise null.
 */
export function findLocation(lines: string[], text: string): Pick<ResumeProfile, 'location' | 'timezone'> {
  let location: string | null = null;
  for (const line of lines.slice(0, 60)) {
    const labelled = line.match(LABELLED);
    if (labelled) {
      location = labelled[2]!.trim().replace(/[.;]$/, '');
      break;
    }
  }
  if (!location) {
    location =
      lines
        .slice(0, 15)
        .map((l) => l.trim())
        .find(
          (l) =>
            /^[\p{L} .'-]+,\s*[\p{L} .'-]+$/u.test(l) &&
            l.length <= 60 &&
            (lookup(l, CITY_OFFSETS) !== undefined || lookup(l, COUNTRY_OFFSETS) !== undefined),
        ) ?? null;
  }
  const stated = statedOffset(text);
  const placed = location ? (lookup(location, CITY_OFFSETS) ?? lookup(location, COUNTRY_OFFSETS)) : undefined;
  const offset = stated ?? placed;
  return { location, timezone: offset ? `UTC${offset}` : null };
}
