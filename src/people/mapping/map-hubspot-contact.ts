import type { HubspotPeopleProperties } from '../../platform/config/crm-config';
import { discordHandle } from './discord-handle';
import { github, linkedin, list, text, timezone } from './field-values';
import type { MappedPerson } from './mapped-person';

/** HubSpot's standard contact properties the people cache reads. */
const STANDARD = [
  'firstname',
  'lastname',
  'email',
  'hs_additional_emails',
  'phone',
  'mobilephone',
  'city',
  'state',
  'country',
];

/** Every contact property a people-feeding source asks HubSpot for: the standard ones and the configured ones. */
export function hubspotPeopleProperties(names: HubspotPeopleProperties): string[] {
  return [...new Set([...STANDARD, ...Object.values(names)])];
}

const record = (value: unknown): Record<string, unknown> =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/** HubSpot stamps are ISO 8601 already; anything unreadable is null. */
function isoDate(value: unknown): string | null {
  const raw = text(value);
  if (!raw) return null;
  const date = new Date(raw);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** An address, lower-cased; null unless it looks like one. */
const address = (value: unknown): string | null => {
  const raw = text(value)?.toLowerCase() ?? null;
  return raw && raw.includes('@') ? raw : null;
};

/**
 * One HubSpot contact (`{id, properties, createdAt, updatedAt}` as CRM v3 lists it) as a person.
 * `hs_additional_emails` is HubSpot's `;`-separated list of the other addresses. HubSpot has no
 * resumes, skill strengths or member agreement: those stay empty. Never throws on odd values.
 */
export function mapHubspotContact(contact: unknown, names: HubspotPeopleProperties): MappedPerson {
  const root = record(contact);
  const props = record(root.properties);
  const firstName = text(props.firstname);
  const lastName = text(props.lastname);
  const primary = address(props.email);
  const others = typeof props.hs_additional_emails === 'string' ? props.hs_additional_emails.split(';') : [];
  const discord = discordHandle(props[names.discordUsername], props[names.discordUserId]);
  return {
    crmId: String(root.id),
    name: [firstName, lastName].filter(Boolean).join(' ') || null,
    firstName,
    lastName,
    primaryEmail: primary,
    otherEmails: [...new Set(others.map(address))].filter((a): a is string => a !== null && a !== primary),
    phone: text(props.phone) ?? text(props.mobilephone),
    discordUserId: discord.userId,
    discordUsername: discord.username,
    githubUsername: github(props[names.github]),
    linkedin: linkedin(props[names.linkedin]),
    roles: list(props[names.roles]),
    seniority: text(props[names.seniority]),
    skills: list(props[names.skills]).map((name) => ({ name, strength: null })),
    timezone: timezone(props[names.timezone]),
    location: [props.city, props.state, props.country].map(text).filter(Boolean).join(', ') || null,
    memberAgreementSignedAt: null,
    idVerifiedAt: null,
    resumes: [],
    latestResume: null,
    crmCreatedAt: isoDate(root.createdAt ?? props.createdate),
    crmModifiedAt: isoDate(root.updatedAt ?? props.lastmodifieddate),
  };
}
