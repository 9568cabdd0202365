import type { APIActionRowComponent, APIComponentInMessageActionRow, APIEmbed } from 'discord.js';

/** What a command answers; the runner sends it as a reply, an edit after deferring, or a message update. */
export interface BotReply {
  content?: string;
  embeds?: APIEmbed[];
  components?: APIActionRowComponent<APIComponentInMessageActionRow>[];
  /** Seen only by the person who asked. Errors and refusals always are. */
  ephemeral?: boolean;
  /** No link previews: Discord neither fetches nor shows the URLs in it (one-time links). */
  suppressEmbeds?: boolean;
}

/** A problem the person can fix (bad input, nothing found), shown to them as it is. */
export class UserFacingError extends Error {
  override readonly name = 'UserFacingError';
}
