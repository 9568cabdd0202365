import { retryAfter } from './retry-after';

describe('retryAfter', () => {
  const now = Date.parse('2025-06-01T12:00:00Z');

  it('reads delay-seconds and HTTP dates, capped and never in the past', () => {
    expect(retryAfter('120', 3600, now)?.toISOString()).toBe('2025-06-01T12:02:00.000Z');
    expect(retryAfter('Sun, 01 Jun 2025 12:30:00 GMT', 3600, now)?.toISOString()).toBe('2025-06-01T12:30:00.000Z');
    expect(retryAfter('86400', 3600, now)?.toISOString()).toBe('2025-06-01T13:00:00.000Z');
    expect(retryAfter('Sun, 01 Jun 2025 11:00:00 GMT', 3600, now)?.toISOString()).toBe('2025-06-01T12:00:00.000Z');
  });

  it('ignores a missing or unreadable header', () => {
    expect(retryAfter(undefined, 3600, now)).toBeUndefined();
    expect(retryAfter('soon', 3600, now)).toBeUndefined();
    expect(retryAfter('-5', 3600, now)).toBeUndefined();
  });
});
