/** Atlassian Document Format, the subset Switchyard writes: paragraphs of text and line breaks. */
export interface AdfDocument {
  type: 'doc';
  version: 1;
  content: AdfParagraph[];
}

export interface AdfParagraph {
  type: 'paragraph';
  content: ({ type: 'text'; text: string } | { type: 'hardBreak' })[];
}

/**
 * Plain text as an ADF document: blank lines separate paragraphs, single newlines become hard
 * breaks. ADF refuses empty text nodes, so empty lines inside a paragraph and empty paragraphs are
 * left out; empty text is a document without content.
 */
export function textToAdf(text: string): AdfDocument {
  const paragraphs = text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((block) => block.split('\n').filter((line) => line.trim() !== ''))
    .filter((lines) => lines.length > 0)
    .map(
      (lines): AdfParagraph => ({
        type: 'paragraph',
        content: lines.flatMap((line, index) => [
          ...(index > 0 ? [{ type: 'hardBreak' as const }] : []),
          { type: 'text' as const, text: line },
        ]),
      }),
    );
  return { type: 'doc', version: 1, content: paragraphs };
}
