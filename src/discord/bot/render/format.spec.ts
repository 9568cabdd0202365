import { code, codeBlock, duration } from './format';

describe('bot text formatting', () => {
  it.each([
    [0, '0 s'],
    [59.4, '59 s'],
    [61, '1 min'],
    [3600, '1 h'],
    [3725, '1 h 2 min'],
    [86400 * 2 + 3600 * 4 + 5, '2 d 4 h'],
    [-3, '0 s'],
  ])('duration(%d) is %s', (seconds, text) => {
    expect(duration(seconds)).toBe(text);
  });

  it('keeps backticks in user text from breaking out of code', () => {
    expect(code('a`b')).toBe('`aˋb`');
    expect(codeBlock('x ``` y')).toBe('```\nx ˋˋˋ y\n```');
  });
});
