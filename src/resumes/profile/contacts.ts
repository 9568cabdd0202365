import { parsePhoneNumber } from 'awesome-phonenumber';

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const PHONE_CANDIDATE = /(?:\+|00)?\(?\d[\d\s()./-]{6,18}\d/g;

export function findEmails(text: string): string[] {
  return [...new Set([...text.matchAll(EMAIL)].map((m) => m[0].toLowerCase().replace(/\.$/, '')))];
}

/** Looks like a span of years or a date, not a phone number. */
const isDateLike = (raw: string) =>
  /^\(?(19|20)\d{2}\)?\s*[-–/.]\s*\(?(19|20)\d{2}\)?$/.test(raw.trim()) ||
  /^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$/.test(raw.trim());

/**
 * The first phone number: E.164 when its country is known (written with +/00, or `defaultCountry`),
 * else as written. Year spans and dates are not phone numbers.
 */
export function findPhone(text: string, defaultCountry?: string): string | null {
  for (const match of text.matchAll(PHONE_CANDIDATE)) {
    const raw = match[0].trim();
    const digits = raw.replace(/\D/g, '');
    if (digits.length < 7 || digits.length > 15 || isDateLike(raw)) continue;
    const international = raw.startsWith('+') || raw.startsWith('00');
    const normalised = raw.startsWith('00') ? `+${raw.slice(2)}` : raw;
    if (international || defaultCountry) {
      const parsed = parsePhoneNumber(normalised, international ? {} : { regionCode: defaultCountry });
      if (parsed.valid) return parsed.number.e164;
      continue;
    }
    if (digits.length >= 8) return raw.replace(/\s+/g, ' ');
  }
  return null;
}
