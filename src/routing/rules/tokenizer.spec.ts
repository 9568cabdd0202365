import { RuleSyntaxError } from './rule-syntax';
import { columnAt, Token, Tokenizer } from './tokenizer';

const all = (text: string): Pick<Token, 'kind' | 'value'>[] => {
  const tokenizer = new Tokenizer(text);
  const tokens: Pick<Token, 'kind' | 'value'>[] = [];
  for (let token = tokenizer.next(); token.kind !== 'end'; token = tokenizer.next()) {
    tokens.push({ kind: token.kind, value: token.value });
  }
  return tokens;
};

describe('Tokenizer', () => {
  it('splits words at operators and brackets even without spaces', () => {
    expect(all('a.b==1 x!="y"(z)[1,-2.5]')).toEqual([
      { kind: 'word', value: 'a.b' },
      { kind: 'punct', value: '==' },
      { kind: 'number', value: '1' },
      { kind: 'word', value: 'x' },
      { kind: 'punct', value: '!=' },
      { kind: 'string', value: 'y' },
      { kind: 'punct', value: '(' },
      { kind: 'word', value: 'z' },
      { kind: 'punct', value: ')' },
      { kind: 'punct', value: '[' },
      { kind: 'number', value: '1' },
      { kind: 'punct', value: ',' },
      { kind: 'number', value: '-2.5' },
      { kind: 'punct', value: ']' },
    ]);
  });

  it('takes only JSON-shaped numbers as numbers', () => {
    expect(all('0 -0.5 1e3 007 1. .5 1.2.3').map((token) => token.kind)).toEqual([
      'number',
      'number',
      'number',
      'word',
      'word',
      'word',
      'word',
    ]);
  });

  it('resolves \\" and \\\\ in strings and keeps other backslashes', () => {
    expect(all(String.raw`"a\"b\\c\d\n"`)).toEqual([{ kind: 'string', value: String.raw`a"b\c\d\n` }]);
  });

  it('reads a parameter value up to the next space, = and brackets included', () => {
    const tokenizer = new Tokenizer('url=https://x.test/a?b=c&d=[1] next');
    tokenizer.next();
    tokenizer.next();
    expect(tokenizer.readValue()).toMatchObject({ kind: 'word', value: 'https://x.test/a?b=c&d=[1]' });
    expect(tokenizer.next()).toMatchObject({ kind: 'word', value: 'next', spaceBefore: true });
  });

  it('places the end right after the last character that is not blank', () => {
    const tokenizer = new Tokenizer('when   ');
    tokenizer.next();
    expect(tokenizer.next()).toMatchObject({ kind: 'end', start: 4 });
  });

  it('reports an unterminated string at its opening quote', () => {
    expect(() => all('x == "abc')).toThrow(
      new RuleSyntaxError('unterminated string starting at column 6', 6, 'a closing "'),
    );
  });

  it('counts columns in characters', () => {
    expect(columnAt('😀😀x', 4)).toBe(3);
    expect(columnAt('abc', 0)).toBe(1);
  });
});
