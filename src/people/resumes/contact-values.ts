import type { CrmFieldNames } from '../../platform/config/crm-config';
import type { CurrentContact } from '../../resumes/preview/contact-reader';
import type { PreviewField } from '../../resumes/preview/resume-preview';
import type { MappedPerson } from '../mapping/mapped-person';

type Contact = Record<string, unknown> & { id: string };

/** A mapped contact in the names a resume preview compares (GitHub as the profile URL a resume holds). */
export function currentContact(person: MappedPerson): CurrentContact {
  return {
    firstName: person.firstName,
    lastName: person.lastName,
    emails: [person.primaryEmail, ...person.otherEmails].filter((email): email is string => email !== null),
    phone: person.phone,
    linkedin: person.linkedin,
    github: person.githubUsername ? `https://github.com/${person.githubUsername}` : null,
    location: person.location,
    timezone: person.timezone,
    seniority: person.seniority,
    roles: person.roles,
    skills: person.skills.map((skill) => skill.name),
  };
}

/** Preview fields that have an EspoCRM attribute to write to; `website`, `socialLinks`, `location` have none configured. */
export const APPLICABLE_FIELDS: readonly PreviewField[] = [
  'firstName',
  'lastName',
  'emails',
  'phone',
  'linkedin',
  'github',
  'timezone',
  'seniority',
  'roles',
  'skills',
];

const listOf = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

/**
 * The EspoCRM attributes that write one confirmed preview value. Lists (`add`) keep what the
 * contact already has: EspoCRM replaces a whole list, so the current one is read from `contact`.
 */
export function contactAttributes(
  field: PreviewField,
  proposed: string | string[],
  contact: Contact,
  fields: CrmFieldNames,
): Record<string, unknown> {
  const items = Array.isArray(proposed) ? proposed : [proposed];
  const single = Array.isArray(proposed) ? proposed[0] : proposed;
  switch (field) {
    case 'firstName':
    case 'lastName':
      return { [field]: single };
    case 'phone':
      return { phoneNumber: single };
    case 'linkedin':
      return { [fields.linkedin]: single };
    case 'github':
      return { [fields.github]: single?.replace(/^https?:\/\/(www\.)?github\.com\//i, '').replace(/\/+$/, '') };
    case 'timezone':
      return { [fields.timezone]: single };
    case 'seniority':
      return { [fields.seniority]: single };
    case 'roles':
    case 'skills': {
      const attribute = field === 'roles' ? fields.roles : fields.skills;
      const raw = contact[attribute];
      const have =
        typeof raw === 'string'
          ? raw
              .split(/[,;]/)
              .map((s) => s.trim())
              .filter(Boolean)
          : listOf(raw);
      return {
        [attribute]: [...have, ...items.filter((item) => !have.some((h) => h.toLowerCase() === item.toLowerCase()))],
      };
    }
    case 'emails': {
      const data = Array.isArray(contact.emailAddressData)
        ? (contact.emailAddressData as Record<string, unknown>[])
        : [];
      const have = data.length
        ? data
        : typeof contact.emailAddress === 'string' && contact.emailAddress
          ? [{ emailAddress: contact.emailAddress, primary: true, optOut: false, invalid: false }]
          : [];
      const known = have.map((entry) =>
        (typeof entry.emailAddress === 'string' ? entry.emailAddress : '').toLowerCase(),
      );
      const added = items
        .filter((email) => !known.includes(email.toLowerCase()))
        .map((emailAddress, index) => ({
          emailAddress,
          primary: have.length === 0 && index === 0,
          optOut: false,
          invalid: false,
        }));
      return { emailAddressData: [...have, ...added] };
    }
    case 'location':
    case 'website':
    case 'socialLinks':
      throw new Error(`${field} has no EspoCRM attribute`);
  }
}
