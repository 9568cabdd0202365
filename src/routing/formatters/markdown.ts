/** Escapes Discord markdown in text that came from outside (titles, names, messages). */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\*_~`|>[\]()#-])/g, '\\$1').replace(/@/g, '@\u200b');
}

/** A masked link whose label is escaped and whose URL is only used when it is http(s). */
export function link(label: string, url: unknown): string {
  const safe = escapeMarkdown(label);
  return typeof url === 'string' && /^https?:\/\/\S+$/.test(url) ? `[${safe}](<${url}>)` : safe;
}

/** Reads a dotted path from an unknown payload; anything missing is undefined. */
export function at(value: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (node, key) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined),
      value,
    );
}

export const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.length > 0 ? value : undefined;

/** Cuts long free text for a one-message summary. */
export const clip = (value: string, max = 300): string => (value.length > max ? `${value.slice(0, max - 1)}…` : value);
