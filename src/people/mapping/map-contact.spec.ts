import { loadConfig } from '../../platform/config/app-config';
import { mapContact } from './map-contact';
import { personHash } from './person-hash';

const fields = loadConfig({}).crm.fields;

describe('mapContact', () => {
  it('maps a full contact of the agency seed', () => {
    const person = mapContact(
      {
        id: '664f1e2d3c4b5a697',
        name: 'Jane Roe',
        firstName: 'Jane',
        lastName: 'Roe',
        emailAddress: 'Jane@Example.com',
        emailAddressData: [
          { emailAddress: 'Jane@Example.com', primary: true, optOut: false, invalid: false },
          { emailAddress: 'jane.roe@work.example', primary: false, optOut: false, invalid: false },
        ],
        phoneNumber: '+44 20 7946 0000',
        cDiscordUsername: 'janeroe',
        cDiscordUserID: '123456789012345678',
        cGitHubUsername: 'https://github.com/janeroe',
        cLinkedIn: 'https://www.linkedin.com/in/janeroe',
        skills: ['TypeScript', 'PostgreSQL'],
        cSkillAttrs: '{"TypeScript":{"strength":5},"Go":{"strength":2}}',
        cRoles: ['Developer', 'Mentor'],
        cSeniority: 'Senior',
        cTimezone: 'UTC+01:00',
        addressCity: 'London',
        addressCountry: 'United Kingdom',
        cMemberAgreementSignedAt: '2024-05-01 12:30:00',
        cIdVerifiedAt: '2024-05-02',
        resumeIds: ['a1', 'a2'],
        resumeNames: { a1: 'old.pdf', a2: 'cv.pdf' },
        resumeTypes: { a1: 'application/pdf', a2: 'application/pdf' },
        createdAt: '2024-01-01 00:00:00',
        modifiedAt: '2024-06-01 08:00:00',
      },
      fields,
    );
    expect(person).toEqual({
      crmId: '664f1e2d3c4b5a697',
      name: 'Jane Roe',
      firstName: 'Jane',
      lastName: 'Roe',
      primaryEmail: 'jane@example.com',
      otherEmails: ['jane.roe@work.example'],
      phone: '+44 20 7946 0000',
      discordUserId: '123456789012345678',
      discordUsername: 'janeroe',
      githubUsername: 'janeroe',
      linkedin: 'https://www.linkedin.com/in/janeroe',
      roles: ['Developer', 'Mentor'],
      seniority: 'Senior',
      skills: [
        { name: 'TypeScript', strength: 5 },
        { name: 'PostgreSQL', strength: null },
        { name: 'Go', strength: 2 },
      ],
      timezone: 'UTC+01:00',
      location: 'London, United Kingdom',
      memberAgreementSignedAt: '2024-05-01T12:30:00.000Z',
      idVerifiedAt: '2024-05-02T00:00:00.000Z',
      resumes: [
        { id: 'a1', name: 'old.pdf', type: 'application/pdf' },
        { id: 'a2', name: 'cv.pdf', type: 'application/pdf' },
      ],
      latestResume: { id: 'a2', name: 'cv.pdf', type: 'application/pdf' },
      crmCreatedAt: '2024-01-01T00:00:00.000Z',
      crmModifiedAt: '2024-06-01T08:00:00.000Z',
    });
  });

  it('reads a Discord username stored as "name (ID: 123)" when the id field is empty', () => {
    const person = mapContact({ id: 'x', cDiscordUsername: 'jane.roe (ID: 123456789012345678)' }, fields);
    expect(person).toMatchObject({ discordUsername: 'jane.roe', discordUserId: '123456789012345678' });
    const withField = mapContact(
      { id: 'x', cDiscordUsername: '@jane (id: 123456789012345678)', cDiscordUserID: '876543210987654321' },
      fields,
    );
    expect(withField).toMatchObject({ discordUsername: 'jane', discordUserId: '876543210987654321' });
    expect(mapContact({ id: 'x', cDiscordUserID: 'not-an-id' }, fields).discordUserId).toBeNull();
  });

  it('takes roles and skills as a list or a comma string', () => {
    const person = mapContact({ id: 'x', cRoles: 'Designer, Developer,,developer ', skills: 'Figma; CSS' }, fields);
    expect(person.roles).toEqual(['Designer', 'Developer']);
    expect(person.skills).toEqual([
      { name: 'Figma', strength: null },
      { name: 'CSS', strength: null },
    ]);
  });

  it('finds the e-mail when it is only in emailAddressData', () => {
    const person = mapContact(
      {
        id: 'x',
        emailAddressData: [
          { emailAddress: 'second@example.com', primary: false },
          { emailAddress: 'FIRST@example.com', primary: true },
        ],
      },
      fields,
    );
    expect(person).toMatchObject({ primaryEmail: 'first@example.com', otherEmails: ['second@example.com'] });
  });

  it('maps odd values to null instead of failing', () => {
    const person = mapContact(
      {
        id: 'x',
        firstName: 42,
        emailAddressData: 'nonsense',
        cSkillAttrs: '{not json',
        cMemberAgreementSignedAt: 'yesterday',
        cTimezone: 'Europe/Berlin',
        resumeIds: 'a1',
        cRoles: { a: 1 },
      },
      fields,
    );
    expect(person).toMatchObject({
      firstName: '42',
      primaryEmail: null,
      skills: [],
      memberAgreementSignedAt: null,
      idVerifiedAt: null,
      timezone: 'Europe/Berlin',
      resumes: [],
      roles: [],
    });
    expect(mapContact({ id: 'x', cTimezone: 'GMT-5' }, fields).timezone).toBe('UTC-05:00');
  });

  it('uses the configured field names', () => {
    const custom = loadConfig({ CRM_LINKEDIN_FIELD: 'cLinkedInUrl' }).crm.fields;
    expect(mapContact({ id: 'x', cLinkedInUrl: 'janeroe' }, custom).linkedin).toBe(
      'https://www.linkedin.com/in/janeroe',
    );
  });

  it('hashes the mapped fields, not EspoCRM timestamps', () => {
    const a = mapContact({ id: 'x', firstName: 'A', modifiedAt: '2024-01-01 00:00:00' }, fields);
    const b = mapContact({ id: 'x', firstName: 'A', modifiedAt: '2024-02-01 00:00:00' }, fields);
    const c = mapContact({ id: 'x', firstName: 'B', modifiedAt: '2024-02-01 00:00:00' }, fields);
    expect(personHash(a)).toBe(personHash(b));
    expect(personHash(a)).not.toBe(personHash(c));
  });
});
