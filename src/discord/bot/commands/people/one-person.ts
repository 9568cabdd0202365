import { escapeMarkdown } from 'discord.js';
import { CRM_LABELS } from '../../../../people/crm/crm-labels';
import { type PersonCard, PeopleLookup } from '../../../../people/directory/people-lookup';
import { UserFacingError } from '../../interactions/bot-reply';
import { personName } from '../../render/people-views';
import { isEmpty, memberQuery } from './member-query';

const CANDIDATES = 5;

/**
 * The one active person a search term names (words of a name or e-mail, a Discord name, a @mention).
 * Nobody, or several (listed, so the asker can narrow it), is a UserFacingError: these commands act
 * on one person and never guess.
 */
export async function onePerson(people: PeopleLookup, term: string | undefined, option: string): Promise<PersonCard> {
  const query = memberQuery(term, undefined);
  if (isEmpty(query)) throw new UserFacingError(`Give ${option}: a name, e-mail, Discord name or @mention.`);
  const { people: found, total } = await people.find({ ...query, skills: [], limit: CANDIDATES });
  const typed = term!.trim();
  if (total === 0) throw new UserFacingError(`Nobody in the CRM matches "${typed}".`);
  if (total > 1) {
    const names = found.map(
      (person) => `• ${personName(person)}${person.primaryEmail ? ` (${escapeMarkdown(person.primaryEmail)})` : ''}`,
    );
    const more = total > found.length ? `\n…and ${total - found.length} more.` : '';
    throw new UserFacingError(
      `${total} people match "${typed}"; be more specific (an e-mail or @mention):\n${names.join('\n')}${more}`,
    );
  }
  return found[0]!;
}

/**
 * Refuses a person who does not come from EspoCRM: Switchyard writes contacts (`what`) to EspoCRM
 * only; a HubSpot person's fields are changed in HubSpot and the cache follows at its next sync.
 */
export function espoCrmOnly(person: PersonCard, what: string): PersonCard {
  if (person.crm === 'espocrm') return person;
  const crm = CRM_LABELS[person.crm];
  throw new UserFacingError(
    `**${personName(person)}** comes from ${crm}; Switchyard writes ${what} to EspoCRM contacts only. Change the contact in ${crm} (the cache follows at its next sync).`,
  );
}
