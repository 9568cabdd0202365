/** Escapes Discord markdown in text that came from outside (titles, names, messages). */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\*_~`|>[\]()#-])/g, '\\$1').replace(/@/g, '@\u200b');
}

/** Scheme and host (a name, IPv4, or bracketed IPv6) and port: nothing else may stand before the path. */
const URL_START = /^https?:\/\/(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?(?=[/?#]|$)/;
/** What could end the `(<…>)` of a masked link, or start markdown, inside a URL: percent-encoded. */
// eslint-disable-next-line no-control-regex
const UNSAFE_IN_URL = /[\u0000-\u0020\u007f<>()[\]\\`"'{}|^]/g;

/**
 * The URL as a masked link's target, or undefined when it is not an http(s) URL with a plain
 * host. Characters that could close the link early and open another (`>)`, `)`, `](`, `<`,
 * whitespace) are percent-encoded, as a browser would send them.
 */
export function linkTarget(url: unknown): string | undefined {
  if (typeof url !== 'string') return undefined;
  const start = URL_START.exec(url)?.[0];
  if (start === undefined) return undefined;
  const rest = url
    .slice(start.length)
    .replace(UNSAFE_IN_URL, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return start + rest;
}

/** A masked link whose label is escaped and whose URL is only used when it is http(s). */
export function link(label: string, url: unknown): string {
  const safe = escapeMarkdown(label);
  const target = linkTarget(url);
  return target === undefined ? safe : `[${safe}](<${target}>)`;
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
