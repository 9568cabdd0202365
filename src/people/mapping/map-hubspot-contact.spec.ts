import { loadConfig } from '../../platform/config/app-config';
import { hubspotPeopleProperties, mapHubspotContact } from './map-hubspot-contact';
import { personHash } from './person-hash';

const names = loadConfig({}).crm.hubspotProperties;

describe('mapHubspotContact', () => {
  it('maps a HubSpot contact as CRM v3 lists it', () => {
    const person = mapHubspotContact(
      {
        id: '1001',
        properties: {
          firstname: 'Ada',
          lastname: 'Lovelace',
          email: 'Ada@Example.com',
          hs_additional_emails: 'ada@old.example;ADA@example.com;; ada@second.example',
          phone: null,
          mobilephone: '+44 7700 900000',
          city: 'London',
          state: null,
          country: 'United Kingdom',
          jobtitle: 'CTO',
          discord_username: 'adal (ID: 123456789012345678)',
          discord_user_id: null,
          github_username: '@adalovelace',
          linkedin_url: 'linkedin.com/in/ada',
          skills: 'TypeScript;Go;typescript',
          seniority: 'Senior',
          timezone: 'GMT-5',
          lastmodifieddate: '2026-12-01T10:00:00.123Z',
        },
        createdAt: '2026-01-01T00:00:00Z',
        updatedAt: '2026-12-01T10:00:00.123Z',
        archived: false,
      },
      names,
    );
    expect(person).toEqual({
      crmId: '1001',
      name: 'Ada Lovelace',
      firstName: 'Ada',
      lastName: 'Lovelace',
      primaryEmail: 'ada@example.com',
      otherEmails: ['ada@old.example', 'ada@second.example'],
      phone: '+44 7700 900000',
      discordUserId: '123456789012345678',
      discordUsername: 'adal',
      githubUsername: 'adalovelace',
      linkedin: 'https://linkedin.com/in/ada',
      roles: ['CTO'],
      seniority: 'Senior',
      skills: [
        { name: 'TypeScript', strength: null },
        { name: 'Go', strength: null },
      ],
      timezone: 'UTC-05:00',
      location: 'London, United Kingdom',
      memberAgreementSignedAt: null,
      idVerifiedAt: null,
      resumes: [],
      latestResume: null,
      crmCreatedAt: '2026-01-01T00:00:00.000Z',
      crmModifiedAt: '2026-12-01T10:00:00.123Z',
    });
  });

  it('maps odd or missing values to nothing rather than throwing', () => {
    const person = mapHubspotContact({ id: 7, properties: { email: 'not-an-address', skills: 42 } }, names);
    expect(person).toMatchObject({ crmId: '7', name: null, primaryEmail: null, otherEmails: [], skills: [] });
    expect(mapHubspotContact({ id: '8' }, names)).toMatchObject({ crmId: '8', roles: [], location: null });
  });

  it('reads the configured property names; the modification stamps are not part of the hash', () => {
    const custom = loadConfig({ HUBSPOT_GITHUB_PROPERTY: 'gh_handle' }).crm.hubspotProperties;
    const contact = { id: '1', properties: { gh_handle: 'ada', github_username: 'other' } };
    expect(mapHubspotContact(contact, custom).githubUsername).toBe('ada');
    expect(hubspotPeopleProperties(custom)).toContain('gh_handle');
    expect(hubspotPeopleProperties(custom)).not.toContain('github_username');
    const later = { ...contact, updatedAt: '2026-12-02T00:00:00Z' };
    expect(personHash(mapHubspotContact(later, custom))).toBe(personHash(mapHubspotContact(contact, custom)));
  });

  it('refuses a property name HubSpot could not have', () => {
    expect(() => loadConfig({ HUBSPOT_SKILLS_PROPERTY: 'My Skills' })).toThrow(
      'HUBSPOT_SKILLS_PROPERTY must be a HubSpot property name such as github_username',
    );
  });
});
