export interface ErrorPosition {
  line: number;
  column: number;
  /** The line the error is on, and spaces up to the column, to draw a caret under it. */
  lineText: string;
  pad: string;
}

/**
 * Where the parser's column (1-based, in characters of the whole text) falls when the text was
 * typed over several lines: the parser reads newlines as spaces, people read lines.
 */
export function errorPosition(text: string, column: number): ErrorPosition {
  const chars = Array.from(text);
  const before = chars.slice(0, Math.max(0, column - 1)).join('');
  const lines = before.split('\n');
  const line = lines.length;
  const columnInLine = Array.from(lines[line - 1]!).length + 1;
  return {
    line,
    column: columnInLine,
    lineText: text.split('\n')[line - 1] ?? '',
    pad: ' '.repeat(columnInLine - 1),
  };
}
