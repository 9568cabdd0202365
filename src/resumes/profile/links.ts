import type { ResumeProfile } from './resume-profile';

const URL_IN_TEXT =
  /\b(?:https?:\/\/[^\s<>"')\]]+|(?:www\.)?(?:linkedin\.com|github\.com|gitlab\.com|twitter\.com|x\.com|stackoverflow\.com|medium\.com|bsky\.app)\/[^\s<>"')\]]+)/gi;

const GITHUB_RESERVED = new Set(
  'about features pricing topics trending settings marketplace sponsors login join orgs collections explore enterprise team security site apps events readme'.split(
    ' ',
  ),
);

type Kind = 'linkedin' | 'github' | 'social' | 'other' | 'not-profile';

const SOCIAL_SINGLE_SEGMENT = new Set([
  'twitter.com',
  'x.com',
  'gitlab.com',
  'dribbble.com',
  'behance.net',
  'instagram.com',
  'codeberg.org',
]);

function parse(raw: string): URL | null {
  const trimmed = raw.replace(/[.,;:!?]+$/, '');
  try {
    const url = new URL(/^https?:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

const hostOf = (url: URL) => url.hostname.toLowerCase().replace(/^(www|m|mobile|[a-z]{2})\./, '');
const segmentsOf = (url: URL) => url.pathname.split('/').filter(Boolean);

/** What a URL is: a person's profile on a known network, some other site, or a post/company/repo page. */
function classify(url: URL): { kind: Kind; normal: string } {
  const host = hostOf(url);
  const segments = segmentsOf(url);
  if (host === 'linkedin.com') {
    return segments[0] === 'in' && segments[1] && segments.length <= 3
      ? { kind: 'linkedin', normal: `https://www.linkedin.com/in/${segments[1]}` }
      : { kind: 'not-profile', normal: url.href };
  }
  if (host === 'github.com') {
    const user = segments[0];
    return segments.length === 1 && user && !GITHUB_RESERVED.has(user.toLowerCase())
      ? { kind: 'github', normal: `https://github.com/${user}` }
      : { kind: 'not-profile', normal: url.href };
  }
  if (SOCIAL_SINGLE_SEGMENT.has(host)) {
    return segments.length === 1
      ? { kind: 'social', normal: `https://${host}/${segments[0]}` }
      : { kind: 'not-profile', normal: url.href };
  }
  if (host === 'stackoverflow.com') {
    return segments[0] === 'users' && segments[1]
      ? { kind: 'social', normal: `https://stackoverflow.com/users/${segments.slice(1, 3).join('/')}` }
      : { kind: 'not-profile', normal: url.href };
  }
  if (host === 'bsky.app') {
    return segments[0] === 'profile' && segments.length === 2
      ? { kind: 'social', normal: `https://bsky.app/profile/${segments[1]}` }
      : { kind: 'not-profile', normal: url.href };
  }
  // Mastodon and others (medium.com/@ada, youtube.com/@ada): a profile is /@handle alone.
  if (segments.length === 1 && /^@[\w.-]+$/.test(segments[0]!)) {
    return { kind: 'social', normal: `https://${url.hostname.toLowerCase()}/${segments[0]}` };
  }
  return { kind: 'other', normal: url.href };
}

const fold = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

/**
 * Profile links: LinkedIn `/in/`, GitHub users (not repositories), other networks' profile pages
 * (not posts), and a personal site only when it names the person or is labelled as theirs (Website:,
 * Portfolio:, Blog:, Homepage:): company sites, articles and the domains of e-mail addresses are not
 * personal sites.
 */
export function findLinks(
  text: string,
  documentLinks: string[],
  emails: string[],
  name: ResumeProfile['name'],
): Pick<ResumeProfile, 'linkedin' | 'github' | 'website' | 'socialLinks'> {
  const emailDomains = new Set(emails.map((e) => e.split('@')[1]!.replace(/^www\./, '')));
  // A host names the person when its first label holds the last name, or first and last name together
  // (a first name alone, "ada", would match "adaptive.com").
  const last = name?.last ? fold(name.last).replace(/[^a-z]/g, '') : '';
  const full = fold(`${name?.first ?? ''}${name?.last ?? ''}`).replace(/[^a-z]/g, '');
  const namesPerson = (host: string) => {
    const label = fold(host)
      .split('.')[0]!
      .replace(/[^a-z]/g, '');
    return (last.length >= 3 && label.includes(last)) || (full.length >= 5 && label.includes(full));
  };
  const labelled = new Set<string>();
  for (const line of text.split('\n')) {
    if (/\b(website|portfolio|homepage|home page|blog|personal site|web)\s*[:：]/i.test(line)) {
      for (const m of line.matchAll(URL_IN_TEXT)) labelled.add(m[0]);
      const bare = line.match(/[:：]\s*((?:[a-z0-9-]+\.)+[a-z]{2,}(?:\/\S*)?)/i);
      if (bare) labelled.add(bare[1]!);
    }
  }
  const candidates = [...labelled, ...documentLinks, ...[...text.matchAll(URL_IN_TEXT)].map((m) => m[0])];
  const result: Pick<ResumeProfile, 'linkedin' | 'github' | 'website' | 'socialLinks'> = {
    linkedin: null,
    github: null,
    website: null,
    socialLinks: [],
  };
  for (const raw of candidates) {
    if (/^mailto:/i.test(raw)) continue;
    const url = parse(raw);
    if (!url) continue;
    const { kind, normal } = classify(url);
    if (kind === 'linkedin') result.linkedin ??= normal;
    else if (kind === 'github') result.github ??= normal;
    else if (kind === 'social') {
      if (!result.socialLinks.includes(normal)) result.socialLinks.push(normal);
    } else if (kind === 'other' && !result.website) {
      const host = hostOf(url);
      if (emailDomains.has(host) || [...emailDomains].some((d) => host.endsWith(`.${d}`))) continue;
      const shallow = segmentsOf(url).length <= 1 && !url.search;
      if (shallow && (labelled.has(raw) || namesPerson(host)))
        result.website = `${url.origin}${url.pathname === '/' ? '' : url.pathname}`;
    }
  }
  return result;
}
