import { deletionRefusal } from './deletion-guard';

const base = { resource: 'talk', percent: 50, accepted: false };

describe('the deletion guard', () => {
  it('lets a listing of ordinary length delete what it no longer lists', () => {
    expect(deletionRefusal({ ...base, listed: 95, previous: 100, unseen: 5 })).toBeUndefined();
    expect(deletionRefusal({ ...base, listed: 50, previous: 100, unseen: 50 })).toBeUndefined();
  });

  it('refuses a listing far shorter than the last complete one, saying why', () => {
    expect(deletionRefusal({ ...base, listed: 49, previous: 100, unseen: 51 })).toBe(
      'deletions refused: the listing held 49 talk resources, fewer than 50% of the 100 of the last complete listing, so the 51 it did not list were kept (accept the deletions if they are real)',
    );
    expect(deletionRefusal({ ...base, listed: 0, previous: 3, unseen: 3 })).toMatch(/held 0 talk/);
  });

  it('has nothing to refuse without deletions, before a first listing, when accepted or turned off', () => {
    expect(deletionRefusal({ ...base, listed: 1, previous: 100, unseen: 0 })).toBeUndefined();
    expect(deletionRefusal({ ...base, listed: 1, previous: null, unseen: 4 })).toBeUndefined();
    expect(deletionRefusal({ ...base, listed: 1, previous: 100, unseen: 99, accepted: true })).toBeUndefined();
    expect(deletionRefusal({ ...base, listed: 1, previous: 100, unseen: 99, percent: 0 })).toBeUndefined();
  });
});
