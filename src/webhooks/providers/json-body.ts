import { MalformedDeliveryError, UnsupportedContentTypeError } from './webhook-provider';

export function parseJson(text: string, what = 'body'): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new MalformedDeliveryError(`The ${what} is not valid JSON: ${(error as Error).message}`);
  }
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
