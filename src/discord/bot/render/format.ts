/** "12 s", "4 min", "3 h 5 min", "2 d 4 h": how long ago, or how long, in words that fit a field. */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86400) return `${Math.floor(s / 3600)} h${s % 3600 >= 60 ? ` ${Math.floor((s % 3600) / 60)} min` : ''}`;
  return `${Math.floor(s / 86400)} d${s % 86400 >= 3600 ? ` ${Math.floor((s % 86400) / 3600)} h` : ''}`;
}

export const secondsSince = (date: Date | string, now = Date.now()): number => (now - new Date(date).getTime()) / 1000;

/** A Discord timestamp: every reader sees it in their own time zone (R = relative, f = date and time). */
export const discordTime = (date: Date | string, style: 'R' | 'f' | 'F' = 'f'): string =>
  `<t:${Math.floor(new Date(date).getTime() / 1000)}:${style}>`;

/** Inline code that stays inline whatever the text holds. */
export const code = (text: string): string => `\`${text.replace(/`/g, 'ˋ')}\``;

/** A code block that cannot be closed early by the text inside it. */
export const codeBlock = (text: string): string => `\`\`\`\n${text.replace(/```/g, 'ˋˋˋ')}\n\`\`\``;

export const clip = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** Embed colours by how things are going. */
export const COLOURS = { ok: 0x2ecc71, busy: 0x3498db, warn: 0xf1c40f, bad: 0xe74c3c, neutral: 0x95a5a6 } as const;
