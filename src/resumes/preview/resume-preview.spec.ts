import { emptyProfile } from '../profile/resume-profile';
import { proposedChanges } from './resume-preview';

describe('proposed changes', () => {
  const profile = {
    ...emptyProfile(),
    name: { full: 'Ada Lovelace', first: 'Ada', last: 'Lovelace' },
    emails: ['ada@example.org', 'ada@work.example'],
    timezone: 'UTC+00:00',
    skills: ['TypeScript', 'Rust'],
  };

  it('proposes every value the resume has when there is no contact to compare with', () => {
    expect(proposedChanges(profile, null)).toEqual([
      { field: 'firstName', current: null, proposed: 'Ada', kind: 'set' },
      { field: 'lastName', current: null, proposed: 'Lovelace', kind: 'set' },
      { field: 'emails', current: null, proposed: ['ada@example.org', 'ada@work.example'], kind: 'add' },
      { field: 'timezone', current: null, proposed: 'UTC+00:00', kind: 'set' },
      { field: 'skills', current: null, proposed: ['TypeScript', 'Rust'], kind: 'add' },
    ]);
  });

  it('leaves out what the contact already has (case aside), never proposes removing anything', () => {
    expect(
      proposedChanges(profile, {
        firstName: 'ADA',
        lastName: 'King',
        emails: ['Ada@Example.org', 'old@example.org'],
        timezone: 'UTC+00:00',
        skills: ['rust', 'Go'],
        phone: '+441234',
      }),
    ).toEqual([
      { field: 'lastName', current: 'King', proposed: 'Lovelace', kind: 'change' },
      { field: 'emails', current: ['Ada@Example.org', 'old@example.org'], proposed: ['ada@work.example'], kind: 'add' },
      { field: 'skills', current: ['rust', 'Go'], proposed: ['TypeScript'], kind: 'add' },
    ]);
  });

  it('takes a phone number written with other spacing for the same number', () => {
    const withPhone = { ...emptyProfile(), phone: '+12125550100' };
    expect(proposedChanges(withPhone, { phone: '+1 (212) 555-0100' })).toEqual([]);
    expect(proposedChanges(withPhone, { phone: '+1 212 555 0199' })).toEqual([
      { field: 'phone', current: '+1 212 555 0199', proposed: '+12125550100', kind: 'change' },
    ]);
  });
});
