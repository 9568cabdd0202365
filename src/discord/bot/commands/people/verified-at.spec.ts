import { verifiedAt } from './verified-at';

describe('verifiedAt', () => {
  const now = new Date('2025-06-01T08:00:00Z');

  it('is now without a date, noon UTC of a typed day, and never later than now', () => {
    expect(verifiedAt(undefined, now)).toBe(now);
    expect(verifiedAt(' 2025-03-14 ', now).toISOString()).toBe('2025-03-14T12:00:00.000Z');
    expect(verifiedAt('2025-06-01', now)).toBe(now);
  });

  it('refuses impossible, future and ancient dates with the reason', () => {
    expect(() => verifiedAt('2025-02-30', now)).toThrow('date must be a calendar date written YYYY-MM-DD');
    expect(() => verifiedAt('2025-06-02', now)).toThrow('date 2025-06-02 is in the future.');
    expect(() => verifiedAt('1999-12-31', now)).toThrow('date must be in 2000 or later.');
  });
});
