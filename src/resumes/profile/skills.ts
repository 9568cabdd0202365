import { ROLES, SKILLS } from './vocabulary';
import type { Seniority } from './resume-profile';

/** Words that are skills only in a list of skills ("REST", "Express", "Swift", "Go"), not in prose. */
const AMBIGUOUS = new Set([
  'js',
  'ts',
  'node',
  'rest',
  'express',
  'swift',
  'spring',
  'rust',
  'git',
  'ml',
  'dart',
  'flask',
  'spark',
  'agile',
  'c',
  'go',
]);
/** Single letters and "Go" are skills only when written as such: "C", "Go". */
const CASE_SENSITIVE = new Set(['c', 'go']);

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const inProse = (alias: string) =>
  new RegExp(`(^|[^\\p{L}\\p{N}+#.])${escape(alias)}(?=$|[^\\p{L}\\p{N}+#]|\\.(\\s|$))`, 'iu');
const inList = (alias: string, exact: string) =>
  CASE_SENSITIVE.has(alias)
    ? new RegExp(`(^|[\\s,|•·;:(])${escape(exact)}(?=$|[\\s,|•·;)])`, 'u')
    : new RegExp(`(^|[\\s,|•·;:(])${escape(alias)}(?=$|[\\s,|•·;)])`, 'iu');

const PATTERNS = Object.entries(SKILLS).map(([skill, aliases]) => {
  const names = [...new Set([skill.toLowerCase(), ...aliases])];
  return {
    skill,
    anywhere: names.filter((n) => !AMBIGUOUS.has(n)).map(inProse),
    listOnly: names.filter((n) => AMBIGUOUS.has(n)).map((n) => inList(n, skill)),
  };
});

const isListLine = (line: string) =>
  /^\s*(skills|technologies|tech stack|tools|languages|frameworks|stack|kenntnisse)\b/i.test(line) ||
  (line.match(/[,|•·;]/g) ?? []).length >= 2;

/** Known skills in the order they first appear; ambiguous words count on list-like lines only. */
export function findSkills(lines: string[]): string[] {
  const found: string[] = [];
  for (const line of lines) {
    const listLine = isListLine(line);
    const hits: [number, string][] = [];
    for (const { skill, anywhere, listOnly } of PATTERNS) {
      if (found.includes(skill)) continue;
      const at = [...anywhere, ...(listLine ? listOnly : [])].map((p) => line.search(p)).filter((i) => i >= 0);
      if (at.length > 0) hits.push([Math.min(...at), skill]);
    }
    found.push(...hits.sort((a, b) => a[0] - b[0]).map(([, skill]) => skill));
  }
  return found;
}

export function findRoles(text: string): string[] {
  const roles = ROLES.filter(([, pattern]) => pattern.test(text)).map(([role]) => role);
  // "Backend Developer" already says "Software Engineer"-ish; keep the specific ones.
  return roles.length > 1 ? roles.filter((r) => r !== 'Software Engineer') : roles;
}

const LEVEL_WORDS: [Seniority, RegExp][] = [
  [
    'principal',
    /\b(principal|distinguished|chief \w+ officer|cto|vp of engineering|head of engineering|director of engineering)\b/i,
  ],
  ['lead', /\b(lead|staff|team lead|tech lead|head of)\b/i],
  ['senior', /\b(senior|sr\.)\s+\w+/i],
  ['mid', /\b(mid[\s-]?level|intermediate)\b/i],
  ['junior', /\b(junior|jr\.|graduate|entry[\s-]level|trainee)\s+\w+/i],
  ['intern', /\b(intern|internship|werkstudent|working student)\b/i],
];

/**
 * Seniority from the first title lines that state a level (the current role is usually first), else
 * from "N years of experience": under 2 junior, under 5 mid, under 10 senior, 10 or more lead.
 */
export function findSeniority(lines: string[], text: string): Seniority | null {
  for (const line of lines.slice(0, 25)) {
    for (const [level, pattern] of LEVEL_WORDS) if (pattern.test(line)) return level;
  }
  const years = text.match(/\b(\d{1,2})\+?\s*(?:years|yrs)\b(?:\s+of)?(?:\s+\w+){0,3}\s+experience/i);
  if (!years) return null;
  const n = Number(years[1]);
  return n < 2 ? 'junior' : n < 5 ? 'mid' : n < 10 ? 'senior' : 'lead';
}

/**
 * The extra skill keywords (RESUME_KEYWORDS) the text names, as the keywords are written; whole words,
 * any case, in prose or lists.
 */
export function findKeywords(text: string, keywords: readonly string[]): string[] {
  return keywords.filter((keyword) => inProse(keyword.toLowerCase()).test(text));
}

/** `extra` added to `skills` where no skill of the same name (any case) is there yet. */
export function withSkills(skills: string[], extra: string[]): string[] {
  const merged = [...skills];
  for (const skill of extra) {
    if (!merged.some((s) => s.toLowerCase() === skill.toLowerCase())) merged.push(skill);
  }
  return merged;
}
