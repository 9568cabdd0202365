import { textToAdf } from './adf';

describe('textToAdf', () => {
  it('makes paragraphs of blank-line separated blocks and hard breaks of single newlines', () => {
    expect(textToAdf('First line\nsecond line\n\nNext paragraph')).toEqual({
      type: 'doc',
      version: 1,
      content: [
        {
          type: 'paragraph',
          content: [{ type: 'text', text: 'First line' }, { type: 'hardBreak' }, { type: 'text', text: 'second line' }],
        },
        { type: 'paragraph', content: [{ type: 'text', text: 'Next paragraph' }] },
      ],
    });
  });

  it('never writes an empty text node (ADF refuses them)', () => {
    expect(textToAdf('')).toEqual({ type: 'doc', version: 1, content: [] });
    expect(textToAdf('\r\n\r\n  \n\nonly\r\n\n\n')).toEqual({
      type: 'doc',
      version: 1,
      content: [{ type: 'paragraph', content: [{ type: 'text', text: 'only' }] }],
    });
  });
});
