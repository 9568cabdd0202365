import { RuleSyntaxError } from './rule-syntax';

export type TokenKind = 'word' | 'number' | 'string' | 'punct' | 'end';

export interface Token {
  kind: TokenKind;
  /** The source text, quotes and backslashes included. */
  raw: string;
  /** Strings: the content with escapes resolved; everything else: the same as `raw`. */
  value: string;
  /** UTF-16 index of the first character, and of the one after the last. */
  start: number;
  end: number;
  /** Whether whitespace (or the start of the rule) comes right before it. */
  spaceBefore: boolean;
}

/** Characters that end a word: they are tokens of their own (`x==1`, `key=value`, `[1,2]`, `(a)`). */
const DELIMITERS = new Set(['"', '(', ')', '[', ']', ',', '=', '!']);
const SPACE = /\s/;
/** JSON's number syntax: no leading zeros, no `+`, no bare `.5`, so `007` stays a word. */
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** 1-based column of a UTF-16 index, counted in code points so an emoji is one column. */
export function columnAt(text: string, index: number): number {
  let column = 1;
  for (let i = 0; i < index; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < index) i++;
    column++;
  }
  return column;
}

/**
 * A pull tokenizer: the parser asks for one token at a time, because one part of the language is
 * lexed differently. Parameter values (`url=https://x.test/a?b=c`) run to the next space and may
 * hold `=`, `,` or brackets, so right after a `=` the parser calls `readValue` instead of `next`.
 */
export class Tokenizer {
  private index = 0;
  private peeked: Token | undefined;

  constructor(readonly text: string) {}

  peek(): Token {
    this.peeked ??= this.scan();
    return this.peeked;
  }

  next(): Token {
    const token = this.peek();
    this.peeked = undefined;
    return token;
  }

  column(index: number): number {
    return columnAt(this.text, index);
  }

  /**
   * The value of a `key=value` parameter, starting exactly where the previous token ended: a
   * quoted string or a bare run of anything but whitespace and quotes. Undefined when a space or
   * the end of the rule comes first.
   */
  readValue(): Token | undefined {
    if (this.peeked) throw new Error('readValue after peek: the parser must not look past "="');
    const start = this.index;
    const first = this.text[start];
    if (first === undefined || SPACE.test(first)) return undefined;
    if (first === '"') return this.string(start, false);
    let end = start;
    while (end < this.text.length && !SPACE.test(this.text[end]!) && this.text[end] !== '"') end++;
    this.index = end;
    const raw = this.text.slice(start, end);
    return { kind: 'word', raw, value: raw, start, end, spaceBefore: false };
  }

  private scan(): Token {
    const from = this.index;
    while (this.index < this.text.length && SPACE.test(this.text[this.index]!)) this.index++;
    const start = this.index;
    const spaceBefore = start > from || start === 0;
    const char = this.text[start];
    if (char === undefined) {
      // The end "token" sits right after the last non-blank character, where an editor's cursor would be.
      const end = this.text.trimEnd().length;
      return { kind: 'end', raw: '', value: '', start: end, end, spaceBefore };
    }
    if (char === '"') return this.string(start, spaceBefore);
    if ((char === '=' || char === '!') && this.text[start + 1] === '=') return this.punct(start, 2, spaceBefore);
    if (DELIMITERS.has(char)) return this.punct(start, 1, spaceBefore);
    let end = start;
    while (end < this.text.length && !SPACE.test(this.text[end]!) && !DELIMITERS.has(this.text[end]!)) end++;
    this.index = end;
    const raw = this.text.slice(start, end);
    return { kind: NUMBER.test(raw) ? 'number' : 'word', raw, value: raw, start, end, spaceBefore };
  }

  private punct(start: number, length: number, spaceBefore: boolean): Token {
    this.index = start + length;
    const raw = this.text.slice(start, this.index);
    return { kind: 'punct', raw, value: raw, start, end: this.index, spaceBefore };
  }

  /**
   * `\"` and `\\` are escapes; any other backslash is kept as written, so a regular expression
   * reads naturally (`"^v\d+\.\d+"`) and `"\\d"` means the same thing.
   */
  private string(start: number, spaceBefore: boolean): Token {
    let value = '';
    let i = start + 1;
    while (i < this.text.length) {
      const char = this.text[i]!;
      if (char === '"') {
        this.index = i + 1;
        return { kind: 'string', raw: this.text.slice(start, i + 1), value, start, end: i + 1, spaceBefore };
      }
      if (char === '\\' && i + 1 < this.text.length) {
        const escaped = this.text[i + 1]!;
        value += escaped === '"' || escaped === '\\' ? escaped : `\\${escaped}`;
        i += 2;
        continue;
      }
      value += char;
      i++;
    }
    const column = this.column(start);
    throw new RuleSyntaxError(`unterminated string starting at column ${column}`, column, 'a closing "');
  }
}
