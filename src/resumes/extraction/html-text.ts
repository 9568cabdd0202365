const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

const decode = (text: string) =>
  text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(parseInt(name.slice(2), 16) || 32);
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)) || 32);
    return ENTITIES[name.toLowerCase()] ?? whole;
  });

/** Text and link targets of the simple HTML mammoth writes (paragraphs, lists, tables, links). */
export function htmlToText(html: string): { text: string; links: string[] } {
  const links = [...html.matchAll(/<a\s[^>]*href="([^"]+)"/gi)].map((m) => decode(m[1]!));
  const text = decode(
    html
      .replace(/<\/(p|li|h\d|tr|table|ul|ol)>|<br\s*\/?>/gi, '\n')
      .replace(/<\/t[dh]>/gi, '\t')
      .replace(/<[^>]*>/g, ''),
  );
  return { text: text.replace(/[ \t]+\n/g, '\n'), links };
}
