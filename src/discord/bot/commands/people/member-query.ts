import { UserFacingError } from '../../interactions/bot-reply';

/** Longest query or skill list a person may type (the options say so to Discord as well). */
export const MAX_QUERY_LENGTH = 100;
const MAX_WORDS = 10;
const MAX_SKILLS = 10;

export interface MemberQuery {
  words: string[];
  skills: string[];
  /** From a mention (`<@123>`) or a bare user id. */
  discordUserId?: string;
}

const MENTION = /^<@!?(\d{17,20})>$|^(\d{17,20})$/;

function checkLength(value: string, option: string): string {
  const trimmed = value.trim();
  if (trimmed.length > MAX_QUERY_LENGTH) {
    throw new UserFacingError(`${option} is too long (${trimmed.length} characters; at most ${MAX_QUERY_LENGTH}).`);
  }
  return trimmed;
}

/**
 * `query` and `skills` as typed, checked: words to find (a mention or user id finds that linked
 * person instead), skill names (a comma list). Lower-cased, as the people cache searches.
 */
export function memberQuery(query: string | undefined, skills: string | undefined): MemberQuery {
  const text = checkLength(query ?? '', 'query');
  const skillNames = [
    ...new Set(
      checkLength(skills ?? '', 'skills')
        .split(',')
        .map((skill) => skill.trim().toLowerCase())
        .filter(Boolean),
    ),
  ];
  if (skillNames.length > MAX_SKILLS) throw new UserFacingError(`At most ${MAX_SKILLS} skills at once.`);
  const mention = MENTION.exec(text);
  if (mention) return { words: [], skills: skillNames, discordUserId: mention[1] ?? mention[2] };
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length > MAX_WORDS) throw new UserFacingError(`At most ${MAX_WORDS} words in query.`);
  return { words, skills: skillNames };
}

export const isEmpty = (query: MemberQuery) =>
  query.words.length === 0 && query.skills.length === 0 && !query.discordUserId;
