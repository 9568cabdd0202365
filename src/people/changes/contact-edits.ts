import type { CrmFieldNames } from '../../platform/config/crm-config';
import { list, timezone } from '../mapping/field-values';
import type { MappedPerson } from '../mapping/mapped-person';

/** The person fields `/update-contact` may set, as its options are named. */
export const EDITABLE_FIELDS = [
  'phone',
  'github',
  'linkedin',
  'seniority',
  'timezone',
  'location',
  'roles',
  'skills',
] as const;
export type EditableField = (typeof EDITABLE_FIELDS)[number];

/** One checked edit; null (or an empty list) clears the field. */
export interface ContactEdit {
  field: EditableField;
  value: string | string[] | null;
}

/** Typed as a value, this clears a field. */
export const CLEAR = '-';
const MAX_LIST_ITEMS = 30;
const MAX_ITEM_LENGTH = 50;

type Check = (raw: string) => string | string[];

class InvalidValue extends Error {}

const fail = (reason: string): never => {
  throw new InvalidValue(reason);
};

const GITHUB_USER = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
const LINKEDIN_HANDLE = /^[A-Za-z0-9][A-Za-z0-9_-]{1,99}$/;
const CONTROL = /[\p{Cc}\p{Cf}]/u;

const checks: Record<EditableField, Check> = {
  phone: (raw) => {
    if (!/^\+?[0-9 ().-]+$/.test(raw)) fail('digits, spaces, ( ) . - and a leading + only, e.g. +44 20 7946 0958');
    const digits = raw.replace(/\D/g, '').length;
    if (digits < 6 || digits > 15) fail(`6 to 15 digits (this has ${digits})`);
    return raw.replace(/\s+/g, ' ');
  },
  github: (raw) => {
    const name = /^(?:https?:\/\/)?(?:www\.)?github\.com\/([^/?#]+)\/?$/i.exec(raw)?.[1] ?? raw.replace(/^@/, '');
    if (!GITHUB_USER.test(name)) fail('a GitHub username (letters, digits, single hyphens, at most 39) or profile URL');
    return name;
  },
  linkedin: (raw) => {
    const handle = /^(?:https?:\/\/)?(?:[a-z]{2,3}\.)?linkedin\.com\/in\/([^/?#]+)\/?$/i.exec(raw)?.[1] ?? raw;
    if (!LINKEDIN_HANDLE.test(handle)) fail('a LinkedIn profile URL (https://www.linkedin.com/in/<name>) or its name');
    return `https://www.linkedin.com/in/${handle}`;
  },
  seniority: (raw) => {
    if (raw.length > 40 || !/^[\p{L}\p{N} .+/-]+$/u.test(raw)) fail('a short level such as Junior, Mid, Senior, Lead');
    return raw;
  },
  timezone: (raw) => {
    const normal = timezone(raw);
    const match = normal ? /^UTC([+-])(\d{2}):(\d{2})$/.exec(normal) : null;
    if (!match) return fail('an offset from UTC written UTC±HH:MM, e.g. UTC+02:00 or UTC-05:30 (not a place name)');
    const [, sign, hours, minutes] = match;
    const offset = Number(hours) * 60 + Number(minutes);
    if (!['00', '15', '30', '45'].includes(minutes!)) fail('minutes of an offset are 00, 15, 30 or 45');
    if (sign === '-' ? offset > 12 * 60 : offset > 14 * 60) fail('offsets run from UTC-12:00 to UTC+14:00');
    return normal!;
  },
  location: (raw) => {
    const parts = raw.split(',').map((part) => part.trim());
    if (raw.length > 100 || parts.length > 3 || parts.some((part) => part === '')) {
      fail('City, Country or City, State, Country (at most 100 characters)');
    }
    return parts;
  },
  roles: (raw) => listOf(raw, 'roles'),
  skills: (raw) => listOf(raw, 'skills'),
};

function listOf(raw: string, what: string): string[] {
  const items = list(raw);
  if (items.length === 0) fail(`a comma list of ${what}, or ${CLEAR} to clear`);
  if (items.length > MAX_LIST_ITEMS) fail(`at most ${MAX_LIST_ITEMS} ${what}`);
  const long = items.find((item) => item.length > MAX_ITEM_LENGTH);
  if (long) fail(`each of the ${what} at most ${MAX_ITEM_LENGTH} characters ("${long.slice(0, 20)}…" is longer)`);
  return items;
}

/**
 * The options typed to `/update-contact`, checked: one edit per given option, or every problem at
 * once (`field: what is expected`), so the admin fixes them in one go. `-` clears a field.
 */
export function contactEdits(options: Partial<Record<EditableField, string>>): {
  edits: ContactEdit[];
  problems: string[];
} {
  const edits: ContactEdit[] = [];
  const problems: string[] = [];
  for (const field of EDITABLE_FIELDS) {
    const raw = options[field]?.trim();
    if (raw === undefined || raw === '') continue;
    if (raw === CLEAR) {
      edits.push({ field, value: null });
      continue;
    }
    if (CONTROL.test(raw)) {
      problems.push(`${field}: control characters are not allowed`);
      continue;
    }
    try {
      edits.push({ field, value: checks[field](raw) });
    } catch (error) {
      if (!(error instanceof InvalidValue)) throw error;
      problems.push(`${field}: "${raw.slice(0, 60)}" is not valid; expected ${error.message}`);
    }
  }
  return { edits, problems };
}

type Contact = Record<string, unknown>;

/** Strengths of the skills kept (`CRM_SKILL_ATTRS_FIELD`), in the form the contact holds them. */
function keptSkillAttrs(raw: unknown, skills: string[]): unknown {
  const parsed: unknown = typeof raw === 'string' ? JSON.parse(raw || '{}') : raw;
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const keep = new Set(skills.map((skill) => skill.toLowerCase()));
  const kept = Object.fromEntries(Object.entries(parsed).filter(([name]) => keep.has(name.trim().toLowerCase())));
  if (Object.keys(kept).length === Object.keys(parsed).length) return undefined;
  return typeof raw === 'string' ? JSON.stringify(kept) : kept;
}

/** The EspoCRM attributes that write these edits to the contact (as read now, for the skill strengths). */
export function editAttributes(edits: ContactEdit[], contact: Contact, fields: CrmFieldNames): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { field, value } of edits) {
    switch (field) {
      case 'phone':
        out.phoneNumber = value;
        break;
      case 'location': {
        const [city = null, state = null, country = null] =
          value === null ? [] : value.length === 3 ? value : value.length === 2 ? [value[0], null, value[1]] : value;
        Object.assign(out, { addressCity: city, addressState: state, addressCountry: country });
        break;
      }
      case 'roles':
        out[fields.roles] = value ?? [];
        break;
      case 'skills': {
        const skills = (value as string[] | null) ?? [];
        out[fields.skills] = skills;
        // A strength kept for a removed skill would bring it back (the mapping lists both).
        let attrs: unknown;
        try {
          attrs = keptSkillAttrs(contact[fields.skillAttrs], skills);
        } catch {
          attrs = undefined;
        }
        if (attrs !== undefined) out[fields.skillAttrs] = attrs;
        break;
      }
      case 'github':
      case 'linkedin':
      case 'timezone':
      case 'seniority':
        out[fields[field]] = value;
    }
  }
  return out;
}

/** A field's value as the people cache maps it, to say what really changed. */
export function mappedValue(person: MappedPerson, field: EditableField): string | string[] | null {
  switch (field) {
    case 'github':
      return person.githubUsername;
    case 'skills':
      return person.skills.map((skill) => skill.name);
    case 'phone':
    case 'linkedin':
    case 'location':
    case 'timezone':
    case 'seniority':
    case 'roles':
      return person[field];
  }
}
