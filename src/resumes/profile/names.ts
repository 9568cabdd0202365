import type { ResumeProfile } from './resume-profile';

const HEADINGS =
  /^(curriculum vitae|curriculum|vitae|cv|resume|résumé|lebenslauf|profile|profil|personal (information|details|data)|contact( information| details)?|summary|about me|objective|experience|work experience|education|skills)$/i;
const TITLES =
  /^(dr|prof|mr|mrs|ms|mx|miss|sir|dipl\.?-?\w*|ing|mag|b\.?sc|m\.?sc|ph\.?d|mba|msc|bsc|ba|ma|md|jr|sr|ii|iii)\.?$/i;
const NAME_WORD = /^[\p{Lu}][\p{L}'’-]*\.?$|^[\p{Lu}]\.$/u;
const LABELLED = /^(full\s+)?name\s*[:：]\s*(.+)$/i;

const titleCase = (word: string) =>
  word === word.toUpperCase() && word.length > 1
    ? word.charAt(0) +
      word
        .slice(1)
        .toLowerCase()
        .replace(/([-'’])(\p{L})/gu, (_m, s: string, l: string) => s + l.toUpperCase())
    : word;

function asName(line: string): ResumeProfile['name'] {
  const cleaned = line.replace(/\s+/g, ' ').trim().replace(/[,;]$/, '');
  const comma = cleaned.match(/^([^,]+),\s*([^,]+)$/);
  const [lastPart, firstPart] = comma ? [comma[1]!, comma[2]!] : [null, null];
  const words = (comma ? `${firstPart} ${lastPart}` : cleaned)
    .split(' ')
    .map((w) => w.replace(/,$/, ''))
    .filter((w) => w && !TITLES.test(w));
  if (words.length === 0 || words.length > 4 || !words.every((w) => NAME_WORD.test(titleCase(w)))) return null;
  const parts = words.map(titleCase);
  if (parts.length === 1) return { full: parts[0]!, first: parts[0]!, last: null };
  if (comma) {
    const last = lastPart!
      .split(' ')
      .filter((w) => !TITLES.test(w))
      .map(titleCase)
      .join(' ');
    const first = parts.slice(0, parts.length - last.split(' ').length).join(' ');
    return { full: parts.join(' '), first: first || null, last };
  }
  return { full: parts.join(' '), first: parts.slice(0, -1).join(' '), last: parts[parts.length - 1]! };
}

/**
 * The person's name: a `Name:` line, else the first short line near the top that reads as a name
 * (headings such as "Curriculum Vitae", lines with digits, @ or URLs skipped); handles "Last, First",
 * academic and courtesy titles, names in capitals and single names.
 */
export function findName(lines: string[]): ResumeProfile['name'] {
  for (const line of lines.slice(0, 40)) {
    const labelled = line.match(LABELLED);
    if (labelled) return asName(labelled[2]!);
  }
  for (const line of lines.slice(0, 12)) {
    const text = line.trim();
    if (!text || HEADINGS.test(text.replace(/[:：]$/, '')) || /[@\d/\\|•:]|https?|www\./i.test(text)) continue;
    const name = asName(text);
    if (name) return name;
  }
  return null;
}
