import { text } from './field-values';

const SNOWFLAKE = /^\d{17,20}$/;

/**
 * A Discord username as CRMs hold it: `jane`, `@jane`, `jane#1234`, or `jane (ID: 123456789012345678)`
 * (the id given inline when no id field was filled). The id field wins over an inline id.
 */
export function discordHandle(
  usernameValue: unknown,
  idValue: unknown,
): { username: string | null; userId: string | null } {
  let username = text(usernameValue);
  let inlineId: string | null = null;
  if (username) {
    const inline = /^(.*?)\s*\(\s*(?:user\s*)?id\s*[:#]?\s*(\d{17,20})\s*\)\s*$/i.exec(username);
    if (inline) {
      username = text(inline[1]);
      inlineId = inline[2]!;
    }
    username = username?.replace(/^@+/, '') || null;
  }
  const id = text(idValue);
  return { username, userId: id && SNOWFLAKE.test(id) ? id : inlineId };
}
