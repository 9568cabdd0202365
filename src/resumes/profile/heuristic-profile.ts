import type { ExtractedText } from '../extraction/extracted-text';
import { findEmails, findPhone } from './contacts';
import { findLinks } from './links';
import { findLocation } from './location';
import { findName } from './names';
import type { ResumeProfile } from './resume-profile';
import { findRoles, findSeniority, findSkills } from './skills';

/** A profile from a resume's text by rules alone: no model, no network, the same answer every time. */
export function heuristicProfile(extracted: ExtractedText, options: { defaultCountry?: string } = {}): ResumeProfile {
  const text = extracted.text.replace(/\r\n?/g, '\n').replace(/[\u00a0\u2007\u202f]/g, ' ');
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  const name = findName(lines);
  const emails = findEmails(text);
  return {
    name,
    emails,
    phone: findPhone(text, options.defaultCountry),
    ...findLinks(text, extracted.links, emails, name),
    ...findLocation(lines, text),
    seniority: findSeniority(lines, text),
    roles: findRoles(text),
    skills: findSkills(lines),
  };
}
