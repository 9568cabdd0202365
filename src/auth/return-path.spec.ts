import { safeReturnPath } from './return-path';

describe('safeReturnPath', () => {
  const fallback = '/dashboard';

  it.each(['/rules', '/jobs?state=dead&limit=5', '/webhooks/events/1#top', '/'])(
    'keeps the same-origin path %s',
    (path) => {
      expect(safeReturnPath(path, fallback)).toBe(path);
    },
  );

  it.each([
    'https://evil.example/phish',
    '//evil.example/phish',
    '/\\evil.example',
    '\\\\evil.example',
    'javascript:alert(1)',
    'rules',
    '/\t/evil.example',
    ' /rules',
    '',
    undefined,
    ['/rules'],
  ])('refuses %p and falls back', (next) => {
    expect(safeReturnPath(next, fallback)).toBe(fallback);
  });

  it('refuses paths over 2000 characters', () => {
    expect(safeReturnPath(`/${'a'.repeat(2000)}`, fallback)).toBe(fallback);
  });
});
