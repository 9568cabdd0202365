/**
 * Parses a model's JSON object, repairing what models commonly add around or inside it: Markdown
 * fences, prose before and after, trailing commas, typographic quotes. Returns null when it still
 * is not a JSON object.
 */
export function parseNearJson(text: string): Record<string, unknown> | null {
  const attempt = (candidate: string): Record<string, unknown> | null => {
    try {
      const value: unknown = JSON.parse(candidate);
      return value !== null && typeof value === 'object' && !Array.isArray(value)
        ? (value as Record<string, unknown>)
        : null;
    } catch {
      return null;
    }
  };
  const direct = attempt(text.trim());
  if (direct) return direct;
  let candidate = text.replace(/```(?:json)?/gi, '');
  const start = candidate.indexOf('{');
  const end = candidate.lastIndexOf('}');
  if (start < 0 || end <= start) return null;
  candidate = candidate
    .slice(start, end + 1)
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/,\s*([}\]])/g, '$1');
  return attempt(candidate);
}
