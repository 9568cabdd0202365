import { adminRoleWarnings, holdsAdminRole } from './admin-roles';

const ADMIN = '820000000000000001';
const FORGED = '820000000000000009';

describe('holdsAdminRole', () => {
  it('decides by role id: a role named Admin that someone made proves nothing', () => {
    const settings = { adminRoleIds: [ADMIN], adminRoleNames: [] };
    expect(holdsAdminRole({ roleIds: [ADMIN], roleNames: [] }, settings)).toBe(true);
    expect(holdsAdminRole({ roleIds: [FORGED], roleNames: ['Admin'] }, settings)).toBe(false);
    expect(holdsAdminRole({ roleIds: [], roleNames: [] }, settings)).toBe(false);
  });

  it('takes names (case-insensitive) only with the fallback', () => {
    const fallback = { adminRoleIds: [], adminRoleNames: ['Admin', 'Steering Committee'] };
    expect(holdsAdminRole({ roleIds: [FORGED], roleNames: ['admin'] }, fallback)).toBe(true);
    expect(holdsAdminRole({ roleIds: [FORGED], roleNames: ['Member'] }, fallback)).toBe(false);
  });
});

describe('adminRoleWarnings', () => {
  const guild = { adminGuildId: '810000000000000001' };

  it('warns about the name fallback, and when nobody can be an admin', () => {
    expect(adminRoleWarnings({ ...guild, adminRoleIds: [], adminRoleNames: ['Admin'] })).toEqual([
      expect.stringMatching(
        /^DISCORD_ADMIN_ROLE_NAMES_FALLBACK=on: Discord admins are also recognised by role name \(Admin\)/,
      ),
    ]);
    expect(adminRoleWarnings({ ...guild, adminRoleIds: [], adminRoleNames: [] })).toEqual([
      expect.stringMatching(/^Nobody is a Discord admin: set DISCORD_ADMIN_ROLE_IDS/),
    ]);
  });

  it('says nothing when roles are ids, or when there is no admin server', () => {
    expect(adminRoleWarnings({ ...guild, adminRoleIds: [ADMIN], adminRoleNames: [] })).toEqual([]);
    expect(adminRoleWarnings({ adminGuildId: undefined, adminRoleIds: [], adminRoleNames: ['Admin'] })).toEqual([]);
  });
});
