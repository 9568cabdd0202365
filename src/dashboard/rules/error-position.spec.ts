import { errorPosition } from './error-position';

describe('errorPosition', () => {
  it('keeps the column of a one-line rule and points under it', () => {
    expect(errorPosition('when github.push thn log', 18)).toEqual({
      line: 1,
      column: 18,
      lineText: 'when github.push thn log',
      pad: ' '.repeat(17),
    });
  });

  it('turns a column in a rule typed over several lines into line and column', () => {
    const text = 'when github.push\nwhere x == 1\nthn log';
    expect(errorPosition(text, 31)).toMatchObject({ line: 3, column: 1, lineText: 'thn log', pad: '' });
    expect(errorPosition(text, 24)).toMatchObject({ line: 2, column: 7, lineText: 'where x == 1' });
  });

  it('counts an emoji as one column, as the parser does', () => {
    expect(errorPosition('when 🎉 x', 8)).toMatchObject({ line: 1, column: 8, pad: ' '.repeat(7) });
  });
});
