import { canonicalJson, sha256Hex } from '../../webhooks/providers/content-hash';
import type { MappedPerson } from './mapped-person';

/** What decides whether a row changes: the mapped fields, not EspoCRM's timestamps. */
export function personHash(person: MappedPerson): string {
  const { crmModifiedAt: _modified, crmCreatedAt: _created, ...kept } = person;
  return sha256Hex(canonicalJson(kept));
}

/** Lower-cased text the People search looks in: names, e-mails, Discord and GitHub names, skills. */
export function searchText(person: MappedPerson): string {
  return [
    person.name,
    person.firstName,
    person.lastName,
    person.primaryEmail,
    ...person.otherEmails,
    person.discordUsername,
    person.discordUserId,
    person.githubUsername,
    ...person.skills.map((skill) => skill.name),
    ...person.roles,
  ]
    .filter(Boolean)
    .join(' ')
    .toLowerCase();
}
