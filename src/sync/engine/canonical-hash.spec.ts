import { canonicalJson, contentHash } from './canonical-hash';

describe('canonical JSON and the content hash', () => {
  it('sorts keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('hashes two key orders alike and a changed value differently', () => {
    expect(contentHash({ id: 1, title: 'A', tags: ['x'] })).toBe(contentHash({ tags: ['x'], title: 'A', id: 1 }));
    expect(contentHash({ id: 1, title: 'A' })).not.toBe(contentHash({ id: 1, title: 'B' }));
    expect(contentHash({ id: 1, tags: ['x', 'y'] })).not.toBe(contentHash({ id: 1, tags: ['y', 'x'] }));
  });

  it('ignores volatile fields, nested ones by their dotted path', () => {
    const volatile = ['views', 'stats.lastSeenAt'];
    expect(contentHash({ id: 1, views: 3, stats: { lastSeenAt: 'a', votes: 2 } }, volatile)).toBe(
      contentHash({ id: 1, views: 900, stats: { lastSeenAt: 'b', votes: 2 } }, volatile),
    );
    expect(contentHash({ id: 1, stats: { votes: 2 } }, volatile)).not.toBe(
      contentHash({ id: 1, stats: { votes: 3 } }, volatile),
    );
  });
});
