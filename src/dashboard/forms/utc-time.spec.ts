import { inputFromUtc, utcFromInput, withUtcTimes } from './utc-time';

describe('time filters in UTC', () => {
  it('reads a datetime-local value as UTC and leaves other text to validation', () => {
    expect(utcFromInput('2025-01-31T14:05')).toBe('2025-01-31T14:05:00Z');
    expect(utcFromInput('2025-01-31T14:05:09')).toBe('2025-01-31T14:05:09Z');
    expect(utcFromInput('2025-01-31T14:05:09+02:00')).toBe('2025-01-31T14:05:09+02:00');
    expect(utcFromInput('yesterday')).toBe('yesterday');
    expect(utcFromInput(undefined)).toBeUndefined();
  });

  it('shows a time back in the input as its UTC minutes', () => {
    expect(inputFromUtc('2025-01-31T14:05:00Z')).toBe('2025-01-31T14:05');
    expect(inputFromUtc('2025-01-31T16:05:00+02:00')).toBe('2025-01-31T14:05');
    expect(inputFromUtc('nonsense')).toBe('');
    expect(inputFromUtc(undefined)).toBe('');
  });

  it('converts only from and to', () => {
    expect(withUtcTimes({ q: '2025-01-31T14:05', from: '2025-01-31T14:05' })).toEqual({
      q: '2025-01-31T14:05',
      from: '2025-01-31T14:05:00Z',
      to: undefined,
    });
  });
});
