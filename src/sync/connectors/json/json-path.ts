/** The value at a dotted path (`data.items`, `meta.next`); the root for ''. Undefined when absent. */
export function valueAt(root: unknown, path: string): unknown {
  if (path === '') return root;
  let node = root;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
    if (!Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

export const DOTTED_PATH = /^([A-Za-z0-9_$@-]+(\.[A-Za-z0-9_$@-]+)*)?$/;
