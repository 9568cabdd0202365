const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export class InvalidObjectKeyError extends Error {
  override readonly name = 'InvalidObjectKeyError';
}

/**
 * Keys are relative paths of plain segments: no leading dot (so no `..` and no hidden names), no
 * empty segment, no backslash; on disk they can never leave DATA_DIR/objects.
 */
export function assertObjectKey(key: string): string {
  const segments = key.split('/');
  if (key.length > 512 || segments.length > 8 || !segments.every((s) => SEGMENT.test(s))) {
    throw new InvalidObjectKeyError(
      `Invalid object key "${key.slice(0, 80)}": use up to 8 segments of letters, digits, . _ - separated by /, none starting with a dot`,
    );
  }
  return key;
}
