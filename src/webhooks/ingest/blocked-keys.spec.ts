import { BlockedKeys } from './blocked-keys';

describe('BlockedKeys', () => {
  it('blocks a key until its time', () => {
    const blocked = new BlockedKeys();
    const now = Date.now();
    blocked.block('203.0.113.9|github', now + 30_000);
    expect(blocked.remainingMs('203.0.113.9|github', now)).toBe(30_000);
    expect(blocked.remainingMs('203.0.113.9|github', now + 30_000)).toBe(0);
    expect(blocked.remainingMs('198.51.100.1|github', now)).toBe(0);
  });

  it('holds at most its capacity, forgetting expired keys first, then the oldest', () => {
    const blocked = new BlockedKeys(100);
    const now = Date.now();
    blocked.block('expired', now - 1);
    for (let i = 0; i < 10_000; i++) blocked.block(`key-${i}`, now + 60_000);
    expect(blocked.size).toBeLessThanOrEqual(100);
    expect(blocked.remainingMs('key-9999')).toBeGreaterThan(0);
    expect(blocked.remainingMs('key-0')).toBe(0);
  });
});
