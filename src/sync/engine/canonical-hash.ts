import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every depth and no whitespace, so two listings of the same
 * resource serialise alike whatever order the API put the keys in. `volatile` names fields left
 * out (dotted paths from the resource's root, e.g. `stats.views`): counters and "last seen" stamps
 * that change without the resource changing.
 */
export function canonicalJson(value: unknown, volatile: readonly string[] = []): string {
  const skip = new Set(volatile);
  const write = (node: unknown, path: string): string => {
    if (node === null || typeof node !== 'object') return JSON.stringify(node ?? null);
    if (Array.isArray(node)) return `[${node.map((item) => write(item, path)).join(',')}]`;
    const keys = Object.keys(node)
      .filter((key) => !skip.has(path ? `${path}.${key}` : key) && (node as Record<string, unknown>)[key] !== undefined)
      .sort();
    return `{${keys
      .map(
        (key) =>
          `${JSON.stringify(key)}:${write((node as Record<string, unknown>)[key], path ? `${path}.${key}` : key)}`,
      )
      .join(',')}}`;
  };
  return write(value, '');
}

/** SHA-256 (hex) of the resource's canonical JSON minus its volatile fields. */
export function contentHash(value: unknown, volatile: readonly string[] = []): string {
  return hashOfCanonical(canonicalJson(value, volatile));
}

/** The content hash of JSON already made canonical. */
export const hashOfCanonical = (canonical: string): string => createHash('sha256').update(canonical).digest('hex');
