import { findEmails } from '../profile/contacts';
import { findLinks } from '../profile/links';
import { emptyProfile, ResumeProfile, SENIORITIES, Seniority } from '../profile/resume-profile';

const str = (value: unknown, max = 200): string | null =>
  typeof value === 'string' && value.trim() ? value.trim().slice(0, max) : null;
const strings = (value: unknown, max = 50): string[] =>
  Array.isArray(value)
    ? [...new Set(value.map((v) => str(v, 100)).filter((v): v is string => v !== null))].slice(0, max)
    : [];

/** The schema the model is asked to fill (also the prompt's description of it). */
export const PROFILE_SCHEMA = `{
  "firstName": string|null, "lastName": string|null,
  "emails": string[], "phone": string|null (E.164 like +4930123456 when the country is known, else as written),
  "links": string[] (every URL in the resume),
  "location": string|null (city, country), "timezone": string|null (UTC±HH:MM, only when unambiguous),
  "seniority": "intern"|"junior"|"mid"|"senior"|"lead"|"principal"|null,
  "roles": string[], "skills": string[]
}`;

/**
 * The model's JSON as a profile, held to the same rules as the heuristics: e-mails must be
 * addresses, links are classified by the same code (profiles only, no company or post URLs, no
 * e-mail domains), the time zone must read `UTC±HH:MM`. Null when the object has no usable field.
 */
export function profileFromModel(json: Record<string, unknown>): ResumeProfile | null {
  const profile = emptyProfile();
  const first = str(json.firstName, 100);
  const last = str(json.lastName, 100);
  if (first || last) {
    profile.name = { full: [first, last].filter(Boolean).join(' '), first, last };
  }
  profile.emails = findEmails(strings(json.emails).join(' '));
  const phone = str(json.phone, 40);
  if (phone && /^\+?[\d\s().-]{7,20}$/.test(phone)) {
    profile.phone = phone.startsWith('+') ? `+${phone.replace(/\D/g, '')}` : phone;
  }
  Object.assign(profile, findLinks('', strings(json.links, 30), profile.emails, profile.name));
  profile.location = str(json.location, 120);
  const timezone = str(json.timezone, 20);
  profile.timezone = timezone && /^UTC[+-](0\d|1[0-4]):(00|30|45)$/.test(timezone) ? timezone : null;
  const seniority = str(json.seniority, 20)?.toLowerCase();
  profile.seniority = SENIORITIES.includes(seniority as Seniority) ? (seniority as Seniority) : null;
  profile.roles = strings(json.roles, 10);
  profile.skills = strings(json.skills, 60);
  const useful = profile.name || profile.emails.length || profile.skills.length || profile.roles.length;
  return useful ? profile : null;
}
