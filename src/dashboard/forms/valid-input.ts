import { BadRequestException } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';

type Constructor<T> = new () => T;

/**
 * Query strings and forms from HTML send empty fields for "any"; they are dropped before the API's
 * own validation classes check the rest (400 with their messages).
 */
export function validInput<T extends object>(type: Constructor<T>, raw: Record<string, unknown>): T {
  const present = Object.fromEntries(Object.entries(raw).filter(([, v]) => typeof v === 'string' && v.trim() !== ''));
  return validObject(type, present);
}

/** Values a form handler has already converted (numbers, parsed JSON), checked by the API's validation class. */
export function validObject<T extends object>(type: Constructor<T>, raw: Record<string, unknown>): T {
  const value = plainToInstance(type, raw);
  const errors = validateSync(value, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) {
    throw new BadRequestException(errors.flatMap((e) => Object.values(e.constraints ?? {})));
  }
  return value;
}

/** Keeps only the non-empty fields of a filter, to build links that keep it (paging). */
export function queryString(values: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (typeof value === 'string' && value !== '') params.set(key, value);
    if (typeof value === 'number') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
