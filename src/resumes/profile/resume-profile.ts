export const SENIORITIES = ['intern', 'junior', 'mid', 'senior', 'lead', 'principal'] as const;
export type Seniority = (typeof SENIORITIES)[number];

/** What a resume says about its person, as Switchyard proposes it for the CRM contact. */
export interface ResumeProfile {
  name: { full: string; first: string | null; last: string | null } | null;
  emails: string[];
  /** E.164 when the country is known (a +/00 prefix, or RESUME_DEFAULT_COUNTRY), else as written. */
  phone: string | null;
  linkedin: string | null;
  github: string | null;
  website: string | null;
  /** Other profiles (X/Twitter, Mastodon, GitLab, Stack Overflow, ...), never posts or companies. */
  socialLinks: string[];
  location: string | null;
  /** `UTC±HH:MM` (standard time), only when the place or the text leaves no doubt. */
  timezone: string | null;
  seniority: Seniority | null;
  roles: string[];
  skills: string[];
}

export const emptyProfile = (): ResumeProfile => ({
  name: null,
  emails: [],
  phone: null,
  linkedin: null,
  github: null,
  website: null,
  socialLinks: [],
  location: null,
  timezone: null,
  seniority: null,
  roles: [],
  skills: [],
});
