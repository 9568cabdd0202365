/** One Discord message as the REST API takes it (the subset Switchyard sends). */
export interface DiscordMessage {
  content?: string;
  embeds?: DiscordEmbed[];
  allowed_mentions?: { parse: ('users' | 'roles' | 'everyone')[] };
  /** Action rows of buttons (operator alerts); a post with them is never coalesced. */
  components?: DiscordActionRow[];
}

export interface DiscordButton {
  type: 2;
  /** 1 primary, 2 secondary, 3 success, 4 danger. */
  style: 1 | 2 | 3 | 4;
  label: string;
  custom_id: string;
}

export interface DiscordActionRow {
  type: 1;
  components: DiscordButton[];
}

export interface DiscordEmbed {
  title?: string;
  description?: string;
  url?: string;
  color?: number;
  fields?: { name: string; value: string; inline?: boolean }[];
  footer?: { text: string };
  timestamp?: string;
}

/** Discord's documented limits. */
export const LIMITS = {
  content: 2000,
  embedsPerMessage: 10,
  embedTotal: 6000,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  nonce: 25,
} as const;
