import { MalformedDeliveryError, UnsupportedContentTypeError } from './webhook-provider';

/**
 * Deepest nesting of objects and arrays accepted. Real payloads nest a dozen levels at most;
 * JSON.parse itself copes with any depth, but code that walks a payload recursively (hashing,
 * rules, templates, formatters) would overflow the stack on thousands.
 */
export const MAX_JSON_DEPTH = 100;

export function parseJson(text: string, what = 'body'): unknown {
  if (nestedDeeperThan(text, MAX_JSON_DEPTH)) {
    throw new MalformedDeliveryError(`The ${what} nests objects and arrays deeper than ${MAX_JSON_DEPTH} levels`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new MalformedDeliveryError(`The ${what} is not valid JSON: ${(error as Error).message}`);
  }
}

/** Whether JSON text opens more than `limit` objects and arrays inside each other; one pass, no recursion. */
export function nestedDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // Skip the string: to the next quote that an even run of backslashes precedes.
      for (;;) {
        i = text.indexOf('"', i + 1);
        if (i < 0) return false;
        let slashes = 0;
        while (text.charCodeAt(i - 1 - slashes) === 0x5c) slashes++;
        if (slashes % 2 === 0) break;
      }
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return false;
}

export function parseJsonObject(text: string, what = 'body'): Record<string, unknown> {
  const value = parseJson(text, what);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new MalformedDeliveryError(`The ${what} must be a JSON object`);
  }
  return value as Record<string, unknown>;
}

/** A JSON array of objects (a batched delivery), each element checked. */
export function parseJsonObjectArray(text: string, what = 'body'): Record<string, unknown>[] {
  const value = parseJson(text, what);
  if (!Array.isArray(value)) throw new MalformedDeliveryError(`The ${what} must be a JSON array`);
  value.forEach((element, index) => {
    if (element === null || typeof element !== 'object' || Array.isArray(element)) {
      throw new MalformedDeliveryError(`Element ${index} of the ${what} must be a JSON object`);
    }
  });
  return value as Record<string, unknown>[];
}

/** The media type without parameters, lower case: `application/json; charset=utf-8` → `application/json`. */
export const mediaType = (contentType: string | undefined): string =>
  (contentType ?? '').split(';')[0]!.trim().toLowerCase();

export const isJsonMediaType = (type: string): boolean => type === 'application/json' || type.endsWith('+json');

/** Throws UnsupportedContentTypeError unless the content type is JSON (`application/json` or `*+json`). */
export function assertJsonContentType(contentType: string | undefined, provider: string): void {
  const type = mediaType(contentType);
  if (!isJsonMediaType(type)) {
    throw new UnsupportedContentTypeError(`${provider} deliveries are application/json, not "${type || 'none'}"`);
  }
}
