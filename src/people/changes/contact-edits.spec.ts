import type { Environment } from '../../platform/config/environment';
import { readCrmConfig } from '../../platform/config/crm-config';
import { contactEdits, editAttributes } from './contact-edits';

const fields = readCrmConfig({} as Environment, []).fields;

describe('contactEdits', () => {
  it('normalises what it accepts', () => {
    expect(
      contactEdits({
        phone: ' +44  20 7946 0958 ',
        github: '@ada-l',
        linkedin: 'https://uk.linkedin.com/in/ada-lovelace/',
        timezone: 'GMT+5:30',
        location: 'London , United Kingdom',
        roles: 'Engineer, engineer, Lead',
      }),
    ).toEqual({
      edits: [
        { field: 'phone', value: '+44 20 7946 0958' },
        { field: 'github', value: 'ada-l' },
        { field: 'linkedin', value: 'https://www.linkedin.com/in/ada-lovelace' },
        { field: 'timezone', value: 'UTC+05:30' },
        { field: 'location', value: ['London', 'United Kingdom'] },
        { field: 'roles', value: ['Engineer', 'Lead'] },
      ],
      problems: [],
    });
  });

  it('clears with "-" and ignores options not given', () => {
    expect(contactEdits({ seniority: '-', skills: '  ' })).toEqual({
      edits: [{ field: 'seniority', value: null }],
      problems: [],
    });
  });

  it('names every problem at once', () => {
    const { edits, problems } = contactEdits({
      timezone: 'UTC+05:20',
      github: 'a--b',
      location: 'a,b,c,d',
      skills: 'x'.repeat(51),
      seniority: 'Senior\u0000',
    });
    expect(edits).toEqual([]);
    expect(problems).toEqual([
      expect.stringMatching(/^github: "a--b" is not valid; expected a GitHub username/),
      'seniority: control characters are not allowed',
      'timezone: "UTC+05:20" is not valid; expected minutes of an offset are 00, 15, 30 or 45',
      expect.stringMatching(/^location: "a,b,c,d" is not valid; expected City, Country/),
      expect.stringMatching(/^skills: .* each of the skills at most 50 characters/),
    ]);
    expect(contactEdits({ timezone: 'UTC-12:30' }).problems).toEqual([
      'timezone: "UTC-12:30" is not valid; expected offsets run from UTC-12:00 to UTC+14:00',
    ]);
  });
});

describe('editAttributes', () => {
  it('maps edits to EspoCRM attributes, keeping the strengths of kept skills in their form', () => {
    const contact = { [fields.skillAttrs]: '{"Go":{"strength":4},"Rust":{"strength":2}}' };
    expect(
      editAttributes(
        [
          { field: 'skills', value: ['go', 'Python'] },
          { field: 'location', value: ['Paris', 'France'] },
          { field: 'github', value: null },
        ],
        contact,
        fields,
      ),
    ).toEqual({
      [fields.skills]: ['go', 'Python'],
      [fields.skillAttrs]: '{"Go":{"strength":4}}',
      addressCity: 'Paris',
      addressState: null,
      addressCountry: 'France',
      [fields.github]: null,
    });
  });
});
