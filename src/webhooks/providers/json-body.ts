import { MalformedDeliveryError } from './webhook-provider';

export function parseJsonObject(text: string, what = 'body'): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new MalformedDeliveryError(`The ${what} is not valid JSON: ${(error as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new MalformedDeliveryError(`The ${what} must be a JSON object`);
  }
  return value as Record<string, unknown>;
}

/** The media type without parameters, lower case: `application/json; charset=utf-8` → `application/json`. */
export const mediaType = (contentType: string | undefined): string =>
  (contentType ?? '').split(';')[0]!.trim().toLowerCase();

export const isJsonMediaType = (type: string): boolean => type === 'application/json' || type.endsWith('+json');
