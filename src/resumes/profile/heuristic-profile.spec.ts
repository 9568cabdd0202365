import { heuristicProfile } from './heuristic-profile';

const profileOf = (text: string, links: string[] = [], defaultCountry?: string) =>
  heuristicProfile({ text, links }, { defaultCountry });

describe('heuristic resume profile', () => {
  it('reads a typical header: name, e-mail, E.164 phone, profile links, place and time zone', () => {
    const profile = profileOf(
      [
        'Curriculum Vitae',
        'Dr. Ada Lovelace',
        'Senior Backend Developer',
        'Berlin, Germany',
        'ada.lovelace@acme-corp.com | +49 30 901820 | linkedin.com/in/ada-lovelace | github.com/adal',
        'Website: https://adalovelace.dev',
        'Experience',
        'Acme Corp (https://acme-corp.com) 2019 - 2024',
        'Wrote https://acme-corp.com/blog/2023/analytical-engines and https://github.com/adal/engine',
        'Skills: TypeScript, Node.js, PostgreSQL, Docker, Kubernetes, REST',
      ].join('\n'),
    );
    expect(profile).toEqual({
      name: { full: 'Ada Lovelace', first: 'Ada', last: 'Lovelace' },
      emails: ['ada.lovelace@acme-corp.com'],
      phone: '+4930901820',
      linkedin: 'https://www.linkedin.com/in/ada-lovelace',
      github: 'https://github.com/adal',
      website: 'https://adalovelace.dev',
      socialLinks: [],
      location: 'Berlin, Germany',
      timezone: 'UTC+01:00',
      seniority: 'senior',
      roles: ['Backend Developer'],
      skills: ['TypeScript', 'Node.js', 'PostgreSQL', 'Docker', 'Kubernetes', 'REST'],
    });
  });

  it('turns "Last, First" around and title-cases a name in capitals', () => {
    expect(profileOf('RESUME\nHOPPER, GRACE\ngrace@navy.mil').name).toEqual({
      full: 'Grace Hopper',
      first: 'Grace',
      last: 'Hopper',
    });
    expect(profileOf('Lovelace, Ada Augusta\n').name).toEqual({
      full: 'Ada Augusta Lovelace',
      first: 'Ada Augusta',
      last: 'Lovelace',
    });
  });

  it('keeps a single name, and reads a labelled one', () => {
    expect(profileOf('Curriculum Vitae\nMadonna\nSinger').name).toEqual({
      full: 'Madonna',
      first: 'Madonna',
      last: null,
    });
    expect(profileOf('Contact\nName: Prof. Alan Turing\n').name).toEqual({
      full: 'Alan Turing',
      first: 'Alan',
      last: 'Turing',
    });
  });

  it('does not take an e-mail domain, a company site or a post for a personal site or profile', () => {
    const profile = profileOf(
      [
        'Linus Example',
        'linus@linus-example.org',
        'https://linus-example.org',
        'https://www.linkedin.com/company/acme',
        'https://www.linkedin.com/posts/linus_some-post-123',
        'https://twitter.com/linus/status/12345',
        'https://x.com/linusx',
        'https://mastodon.social/@linus',
        'https://medium.com/@linus/my-article-abc',
      ].join('\n'),
    );
    expect(profile.website).toBeNull();
    expect(profile.linkedin).toBeNull();
    // A first name inside a company's domain does not make it the person's site.
    expect(profileOf('Ada Lovelace\nhttps://adaptive-systems.com\nhttps://lovelace.dev').website).toBe(
      'https://lovelace.dev',
    );
    expect(profile.socialLinks).toEqual(['https://x.com/linusx', 'https://mastodon.social/@linus']);
  });

  it('takes link targets the document carries (PDF annotations, DOCX hyperlinks)', () => {
    const profile = profileOf('Grace Hopper\nLinkedIn | GitHub', [
      'https://de.linkedin.com/in/grace-hopper/',
      'https://github.com/ghopper',
    ]);
    expect(profile.linkedin).toBe('https://www.linkedin.com/in/grace-hopper');
    expect(profile.github).toBe('https://github.com/ghopper');
  });

  it('writes phones in E.164 only when the country is known, and skips year spans', () => {
    expect(profileOf('A B\n2015 - 2019\nTel: 030 901820').phone).toBe('030 901820');
    expect(profileOf('A B\n2015 - 2019\nTel: 030 901820', [], 'DE').phone).toBe('+4930901820');
    expect(profileOf('A B\nPhone: 0044 20 7946 0958').phone).toBe('+442079460958');
  });

  it('gives a time zone only when it is unambiguous', () => {
    expect(profileOf('A B\nLocation: Austin, Texas, USA').timezone).toBe('UTC-06:00');
    expect(profileOf('A B\nLocation: United States').timezone).toBeNull();
    expect(profileOf('A B\nLocation: Remote\nAvailable 9-17 UTC+05:30').timezone).toBe('UTC+05:30');
    expect(profileOf('A B\nLocation: Kathmandu, Nepal')).toMatchObject({
      location: 'Kathmandu, Nepal',
      timezone: 'UTC+05:45',
    });
  });

  it('reads seniority from titles, else from years of experience', () => {
    expect(profileOf('A B\nLead Data Engineer').seniority).toBe('lead');
    expect(profileOf('A B\nData Engineer\n3 years of professional experience').seniority).toBe('mid');
    expect(profileOf('A B\nWeb Developer').seniority).toBeNull();
  });

  it('counts ambiguous skill words only in skill lists, not in prose', () => {
    const skills = profileOf(
      'A B\nI like to rest and express ideas; I go hiking.\nStack: Go, Rust, Express, C, Python',
    ).skills;
    expect(skills).toEqual(['Go', 'Rust', 'Express', 'C', 'Python']);
  });
});
