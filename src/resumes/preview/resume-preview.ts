import type { ResumeProfile } from '../profile/resume-profile';
import type { CurrentContact } from './contact-reader';

export type PreviewField = keyof CurrentContact;

export interface ProposedChange {
  field: PreviewField;
  current: string | string[] | null;
  proposed: string | string[];
  /** `set`: the contact has no value; `change`: a different one; `add`: list items it lacks. */
  kind: 'set' | 'change' | 'add';
}

export interface ResumePreview {
  extractor: 'heuristic' | 'ai';
  model?: string;
  /** Why the model's answer was not used, when it was asked and the heuristics answered instead. */
  fallbackReason?: string;
  extractorVersion: string;
  contactId: string | null;
  /** Whether `changes` were compared with the contact's current values (false: no contact, or no reader). */
  comparedWithContact: boolean;
  profile: ResumeProfile;
  changes: ProposedChange[];
  textLength: number;
  pages?: number;
}

const proposedFields = (profile: ResumeProfile): CurrentContact => ({
  firstName: profile.name?.first ?? null,
  lastName: profile.name?.last ?? null,
  emails: profile.emails,
  phone: profile.phone,
  linkedin: profile.linkedin,
  github: profile.github,
  website: profile.website,
  socialLinks: profile.socialLinks,
  location: profile.location,
  timezone: profile.timezone,
  seniority: profile.seniority,
  roles: profile.roles,
  skills: profile.skills,
});

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
/** Phone numbers are the same number however they are spaced or punctuated. */
const samePhone = (a: string, b: string) => a.replace(/[^\d+]/g, '') === b.replace(/[^\d+]/g, '');

/** What the resume would change on the contact: only fields it has a value for, and only real differences. */
export function proposedChanges(profile: ResumeProfile, current: CurrentContact | null): ProposedChange[] {
  const changes: ProposedChange[] = [];
  for (const [field, value] of Object.entries(proposedFields(profile)) as [PreviewField, unknown][]) {
    const now = current?.[field] ?? null;
    if (Array.isArray(value)) {
      const have = Array.isArray(now) ? now : [];
      const missing = (value as string[]).filter((v) => !have.some((h) => same(h, v)));
      if (missing.length > 0)
        changes.push({ field, current: have.length ? have : null, proposed: missing, kind: 'add' });
    } else if (typeof value === 'string' && value) {
      if (typeof now === 'string' && now && (field === 'phone' ? samePhone : same)(now, value)) continue;
      changes.push({ field, current: (now as string | null) || null, proposed: value, kind: now ? 'change' : 'set' });
    }
  }
  return changes;
}
