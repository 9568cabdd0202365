import type { CrmFieldNames } from '../../platform/config/crm-config';
import { discordHandle } from './discord-handle';
import { espoDate, github, linkedin, list, text, timezone } from './field-values';
import type { MappedPerson, PersonResume, PersonSkill } from './mapped-person';

type Contact = Record<string, unknown> & { id: string };

/** The EspoCRM attributes a full sync asks for (`select`), given the configured field names. */
export function contactAttributes(fields: CrmFieldNames): string[] {
  return [
    'name',
    'firstName',
    'lastName',
    'emailAddress',
    'emailAddressData',
    'phoneNumber',
    'phoneNumberData',
    'addressCity',
    'addressState',
    'addressCountry',
    'createdAt',
    'modifiedAt',
    fields.discordUsername,
    fields.discordUserId,
    fields.github,
    fields.linkedin,
    fields.skills,
    fields.skillAttrs,
    fields.roles,
    fields.seniority,
    fields.timezone,
    fields.memberAgreement,
    fields.idVerified,
    `${fields.resume}Ids`,
    `${fields.resume}Names`,
    `${fields.resume}Types`,
  ];
}

/** Maps one contact, accepting the forms real CRMs hold; never throws on odd values (they map to null). */
export function mapContact(contact: Contact, fields: CrmFieldNames): MappedPerson {
  const firstName = text(contact.firstName);
  const lastName = text(contact.lastName);
  const { primary, others } = emails(contact);
  const discord = discordHandle(contact[fields.discordUsername], contact[fields.discordUserId]);
  const resumes = resumeList(contact, fields.resume);
  return {
    crmId: contact.id,
    name: text(contact.name) ?? ([firstName, lastName].filter(Boolean).join(' ') || null),
    firstName,
    lastName,
    primaryEmail: primary,
    otherEmails: others,
    phone: phone(contact),
    discordUserId: discord.userId,
    discordUsername: discord.username,
    githubUsername: github(contact[fields.github]),
    linkedin: linkedin(contact[fields.linkedin]),
    roles: list(contact[fields.roles]),
    seniority: text(contact[fields.seniority]),
    skills: skills(contact[fields.skills], contact[fields.skillAttrs]),
    timezone: timezone(contact[fields.timezone]),
    location:
      [contact.addressCity, contact.addressState, contact.addressCountry].map(text).filter(Boolean).join(', ') || null,
    memberAgreementSignedAt: espoDate(contact[fields.memberAgreement]),
    idVerifiedAt: espoDate(contact[fields.idVerified]),
    resumes,
    latestResume: resumes.at(-1) ?? null,
    crmCreatedAt: espoDate(contact.createdAt),
    crmModifiedAt: espoDate(contact.modifiedAt),
  };
}

interface EmailEntry {
  emailAddress?: unknown;
  primary?: unknown;
  invalid?: unknown;
}

/** The primary address from `emailAddressData` (or `emailAddress`), the others after it; lower-cased. */
function emails(contact: Contact): { primary: string | null; others: string[] } {
  const data = Array.isArray(contact.emailAddressData) ? (contact.emailAddressData as EmailEntry[]) : [];
  const entries = data
    .filter((entry) => entry && typeof entry === 'object')
    .map((entry) => ({ address: text(entry.emailAddress)?.toLowerCase() ?? null, primary: entry.primary === true }))
    .filter((entry): entry is { address: string; primary: boolean } => entry.address !== null);
  const primary =
    text(contact.emailAddress)?.toLowerCase() ??
    entries.find((entry) => entry.primary)?.address ??
    entries[0]?.address ??
    null;
  const others = [...new Set(entries.map((entry) => entry.address))].filter((address) => address !== primary);
  return { primary, others };
}

function phone(contact: Contact): string | null {
  const direct = text(contact.phoneNumber);
  if (direct) return direct;
  const data = Array.isArray(contact.phoneNumberData) ? (contact.phoneNumberData as Record<string, unknown>[]) : [];
  const entry = data.find((item) => item?.primary === true) ?? data[0];
  return entry ? text(entry.phoneNumber) : null;
}

/** Skills from the list field, with strengths from the attributes JSON (`{"skill": {"strength": 1-5}}`). */
function skills(listValue: unknown, attrsValue: unknown): PersonSkill[] {
  const attrs = skillAttrs(attrsValue);
  const names = list(listValue);
  for (const name of attrs.keys()) {
    if (!names.some((known) => known.toLowerCase() === name)) names.push(attrs.get(name)!.name);
  }
  return names.map((name) => ({ name, strength: attrs.get(name.toLowerCase())?.strength ?? null }));
}

function skillAttrs(value: unknown): Map<string, PersonSkill> {
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      return new Map();
    }
  }
  const out = new Map<string, PersonSkill>();
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return out;
  for (const [name, attr] of Object.entries(parsed as Record<string, unknown>)) {
    const skill = text(name);
    if (!skill) continue;
    const raw = attr && typeof attr === 'object' ? (attr as Record<string, unknown>).strength : attr;
    const strength = Number(raw);
    out.set(skill.toLowerCase(), {
      name: skill,
      strength: Number.isInteger(strength) && strength >= 1 && strength <= 5 ? strength : null,
    });
  }
  return out;
}

function resumeList(contact: Contact, field: string): PersonResume[] {
  const ids = Array.isArray(contact[`${field}Ids`]) ? (contact[`${field}Ids`] as unknown[]) : [];
  const names = record(contact[`${field}Names`]);
  const types = record(contact[`${field}Types`]);
  return ids
    .map(text)
    .filter((id): id is string => id !== null)
    .map((id) => ({ id, name: text(names[id]), type: text(types[id]) }));
}

const record = (value: unknown): Record<string, unknown> =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
