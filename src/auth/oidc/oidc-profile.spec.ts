import type { OidcSettings } from '../../platform/config/auth-config';
import { groupsIn, oidcSessionFor } from './oidc-profile';

const settings = { adminGroups: ['Admin', 'Owner', 'Steering Committee'] } as OidcSettings;

describe('OIDC groups and admin mapping', () => {
  it('reads groups as an array, a single name or a nested claim', () => {
    expect(groupsIn({ groups: ['Admin', 7, 'Dev'] }, 'groups')).toEqual(['Admin', 'Dev']);
    expect(groupsIn({ groups: 'Admin' }, 'groups')).toEqual(['Admin']);
    expect(groupsIn({ realm_access: { roles: ['owner'] } }, 'realm_access.roles')).toEqual(['owner']);
    expect(groupsIn({ 'https://example.org/groups': ['Dev'] }, 'https://example.org/groups')).toEqual(['Dev']);
    expect(groupsIn({ sub: 'x' }, 'groups')).toBeUndefined();
  });

  it('makes members of an admin group admins, ignoring case, and nobody else', () => {
    const claims = { sub: 'u1', name: 'Ada', email: 'ada@example.org' };
    expect(oidcSessionFor(claims, ['Dev', 'steering committee'], settings)).toEqual({
      method: 'oidc',
      subject: 'u1',
      name: 'Ada',
      email: 'ada@example.org',
      groups: ['Dev', 'steering committee'],
      isAdmin: true,
    });
    expect(oidcSessionFor(claims, ['Dev', 'Administrators'], settings).isAdmin).toBe(false);
    expect(oidcSessionFor(claims, [], settings).isAdmin).toBe(false);
  });

  it('names the person by name, else username, else email', () => {
    expect(oidcSessionFor({ sub: 'u2', preferred_username: 'bob' }, [], settings).name).toBe('bob');
    expect(oidcSessionFor({ sub: 'u3', email: 'c@example.org' }, [], settings).name).toBe('c@example.org');
  });
});
