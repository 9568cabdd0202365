import { Condition, FieldPath, KEYWORDS, Literal, Rule, RuleAction, RuleSyntaxError } from './rule-syntax';
import { regexProblem } from './safe-regex';
import { Token, Tokenizer } from './tokenizer';

export { RuleSyntaxError } from './rule-syntax';

/** Deep enough for any rule a person writes; shallow enough that a hostile one cannot overflow the stack. */
const MAX_DEPTH = 32;
const PATTERN_SEGMENT = /^[a-z0-9_:-]+$/i;
const PATH_KEY = /^[A-Za-z0-9_$@-]+$/;
const ACTION_NAME = /^[a-z][a-z0-9_-]*(?:\.[a-z][a-z0-9_-]*)*$/i;
const PARAM_KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const OPERATOR = 'an operator (==, !=, in, contains, exists, matches)';
const VALUE = 'a value (a "quoted string", a number, true, false or null)';

/**
 * Parses one rule line. Throws RuleSyntaxError at the first problem, naming its column and what
 * would have fitted. Regular expressions are compiled here too, so a rule that parses never fails
 * at routing time. Keywords are case-insensitive; field paths and parameter names are not.
 *
 *   rule      = "when" pattern [ "where" or ] "then" action { param } ;
 *   pattern   = segment { "." segment } ;            (* one word; "**" only as the last segment *)
 *   segment   = /[a-z0-9_:-]+/i | "*" | "**" ;
 *   or        = and { "or" and } ;
 *   and       = not { "and" not } ;
 *   not       = "not" not | primary ;
 *   primary   = "(" or ")" | path test ;
 *   test      = ( "==" | "!=" | "contains" ) literal | "in" list | "exists" | "matches" string ;
 *   path      = key { "." key } ;                    (* key = /[A-Za-z0-9_$@-]+/; the first not a keyword *)
 *   list      = "[" literal { "," literal } "]" ;
 *   literal   = string | number | "true" | "false" | "null" ;
 *   action    = name { "." name } ;                  (* name: a letter, then letters, digits, _ or - *)
 *   param     = pkey "=" ( string | bare ) ;         (* no spaces around "="; bare = /[^\s"]+/ *)
 *   pkey      = a letter or _, then letters, digits, _, . or - ;
 *   string    = '"' { char | '\"' | '\\' } '"' ;          (* any other backslash is kept as written *)
 *   number    = JSON number ;
 */
export function parseRule(text: string): Rule {
  return new RuleParser(text).rule();
}

const isWord = (token: Token, keyword: string): boolean =>
  token.kind === 'word' && token.value.toLowerCase() === keyword;
const isPunct = (token: Token, punct: string): boolean => token.kind === 'punct' && token.value === punct;
const clip = (text: string): string => (text.length > 40 ? `${text.slice(0, 39)}…` : text);

function describe(token: Token): string {
  if (token.kind === 'end') return 'the end of the rule';
  return token.kind === 'string' ? `the string ${clip(token.raw)}` : `"${clip(token.raw)}"`;
}

/**
 * Recursive descent, one method per grammar rule; precedence not > and > or. Every error is
 * raised for the token just consumed, so "after X" always names the token before it.
 */
class RuleParser {
  private readonly tokens: Tokenizer;
  private previous: Token | undefined;
  private current: Token | undefined;
  private depth = 0;

  constructor(text: string) {
    this.tokens = new Tokenizer(text);
  }

  rule(): Rule {
    const first = this.next();
    if (!isWord(first, 'when')) {
      throw first.kind === 'end'
        ? this.error(first, '"when"', 'the rule is empty; a rule starts with "when"')
        : this.error(first, '"when"', `a rule starts with "when", found ${describe(first)}`);
    }
    const pattern = this.pattern();
    let keyword = this.next();
    let condition: Condition | undefined;
    if (isWord(keyword, 'where')) {
      condition = this.or();
      keyword = this.next();
      if (!isWord(keyword, 'then')) throw this.expected(keyword, '"then"', 'before the action');
    } else if (!isWord(keyword, 'then')) {
      throw this.expected(keyword, '"where" or "then"', 'after the event pattern');
    }
    const action = this.action();
    return condition ? { pattern, condition, action } : { pattern, action };
  }

  private pattern(): string[] {
    const token = this.next();
    if ((token.kind !== 'word' && token.kind !== 'number') || isWord(token, 'where') || isWord(token, 'then')) {
      throw this.expected(token, 'an event pattern (like github.pull_request.*)');
    }
    const segments = token.value.split('.');
    let index = token.start;
    segments.forEach((segment, i) => {
      if (segment === '') {
        throw this.error(index, 'an event type segment', `empty segment in the event pattern "${clip(token.raw)}"`);
      }
      if (segment === '**' && i < segments.length - 1) {
        throw this.error(index, 'a segment name or *', '"**" can only be the last segment of an event pattern');
      }
      if (segment !== '*' && segment !== '**' && !PATTERN_SEGMENT.test(segment)) {
        throw this.error(
          index,
          'letters, digits, _, : and -, or *',
          `"${clip(segment)}" is not an event pattern segment (letters, digits, _, : and -, or * for any one segment)`,
        );
      }
      index += segment.length + 1;
    });
    return segments.map((segment) => segment.toLowerCase());
  }

  private or(): Condition {
    const operands = [this.and()];
    while (isWord(this.tokens.peek(), 'or')) {
      this.next();
      operands.push(this.and());
    }
    return operands.length === 1 ? operands[0]! : { kind: 'or', operands };
  }

  private and(): Condition {
    const operands = [this.not()];
    while (isWord(this.tokens.peek(), 'and')) {
      this.next();
      operands.push(this.not());
    }
    return operands.length === 1 ? operands[0]! : { kind: 'and', operands };
  }

  private not(): Condition {
    if (!isWord(this.tokens.peek(), 'not')) return this.primary();
    const not = this.next();
    return this.nested(not, () => ({ kind: 'not', operand: this.not() }));
  }

  private primary(): Condition {
    const token = this.next();
    if (isPunct(token, '(')) {
      const inner = this.nested(token, () => this.or());
      const close = this.next();
      if (!isPunct(close, ')')) throw this.expected(close, '")"', `to close the "(" at column ${this.column(token)}`);
      return inner;
    }
    if (token.kind !== 'word' || KEYWORDS.has(token.value.toLowerCase())) {
      throw this.expected(token, 'a condition (a field path, "not" or "(")');
    }
    return this.test(this.path(token));
  }

  private path(token: Token): FieldPath {
    const keys = token.value.split('.');
    if (!keys.every((key) => PATH_KEY.test(key))) {
      throw this.error(
        token,
        'a field path',
        `"${clip(token.raw)}" is not a field path (keys of letters, digits, _, $, @ and - joined by dots)`,
      );
    }
    return keys;
  }

  private test(path: FieldPath): Condition {
    const operator = this.next();
    if (isPunct(operator, '==') || isPunct(operator, '!=')) {
      return { kind: 'compare', op: operator.value as '==' | '!=', path, value: this.literal() };
    }
    if (operator.kind === 'word') {
      switch (operator.value.toLowerCase()) {
        case 'in':
          return { kind: 'in', path, values: this.list() };
        case 'contains':
          return { kind: 'contains', path, value: this.literal() };
        case 'exists':
          return { kind: 'exists', path };
        case 'matches':
          return { kind: 'matches', path, regex: this.regex() };
      }
    }
    throw this.expected(operator, OPERATOR);
  }

  private literal(): Literal {
    const token = this.next();
    if (token.kind === 'string') return token.value;
    if (token.kind === 'number') return Number(token.value);
    if (isWord(token, 'true')) return true;
    if (isWord(token, 'false')) return false;
    if (isWord(token, 'null')) return null;
    throw this.expected(token, VALUE);
  }

  private list(): Literal[] {
    const open = this.next();
    if (!isPunct(open, '[')) throw this.expected(open, 'a list like ["opened", "closed"]');
    if (isPunct(this.tokens.peek(), ']')) {
      throw this.error(this.next(), 'a value', 'the list after "in" is empty, so it could never match');
    }
    const values = [this.literal()];
    for (;;) {
      const token = this.next();
      if (isPunct(token, ']')) return values;
      if (!isPunct(token, ',')) {
        throw this.expected(token, '"," or "]"', `in the list opened at column ${this.column(open)}`);
      }
      values.push(this.literal());
    }
  }

  private regex(): string {
    const token = this.next();
    if (token.kind !== 'string') throw this.expected(token, 'a regular expression in double quotes');
    const problem = regexProblem(token.value);
    if (problem !== undefined) {
      const column = this.column(token);
      throw new RuleSyntaxError(
        `invalid regular expression at column ${column}: ${problem}`,
        column,
        'a regular expression in RE2 syntax (no lookaround or backreferences)',
      );
    }
    return token.value;
  }

  private action(): RuleAction {
    const name = this.next();
    if (name.kind !== 'word' || !ACTION_NAME.test(name.value)) {
      throw this.expected(name, 'an action (like discord.post)');
    }
    const params = new Map<string, string>();
    for (let key = this.next(); key.kind !== 'end'; key = this.next()) {
      if (!key.spaceBefore) throw this.expected(key, 'a space', 'between parameters');
      if (key.kind !== 'word') throw this.expected(key, 'a parameter (key=value)', '');
      if (!PARAM_KEY.test(key.value)) {
        throw this.error(
          key,
          'a parameter name',
          `"${clip(key.raw)}" is not a parameter name (letters, digits, _, . and -, starting with a letter or _)`,
        );
      }
      const equals = this.next();
      if (!isPunct(equals, '=')) throw this.expected(equals, '"="', `after the parameter name "${key.value}"`);
      if (equals.spaceBefore) {
        throw this.error(equals, 'key=value', 'write parameters as key=value, without spaces around "="');
      }
      const value = this.tokens.readValue();
      if (value === undefined) {
        if (equals.end < this.tokens.text.trimEnd().length) {
          throw this.error(equals.end, 'key=value', 'write parameters as key=value, without spaces around "="');
        }
        throw this.error(equals.end, 'a value', `expected a value after "${key.value}=", found the end of the rule`);
      }
      if (params.has(key.value))
        throw this.error(key, 'each parameter once', `parameter "${key.value}" is given twice`);
      params.set(key.value, value.value);
    }
    return { name: name.value, params: Object.fromEntries(params) };
  }

  private nested<T>(token: Token, parse: () => T): T {
    if (++this.depth > MAX_DEPTH) {
      throw this.error(
        token,
        'a shallower condition',
        `conditions are nested too deeply (more than ${MAX_DEPTH} levels)`,
      );
    }
    const result = parse();
    this.depth--;
    return result;
  }

  private next(): Token {
    this.previous = this.current;
    this.current = this.tokens.next();
    return this.current;
  }

  private column(at: Token | number): number {
    return this.tokens.column(typeof at === 'number' ? at : at.start);
  }

  private error(at: Token | number, expected: string, text: string): RuleSyntaxError {
    const column = this.column(at);
    return new RuleSyntaxError(`column ${column}: ${text}`, column, expected);
  }

  /** `column 23: expected <what> after "<previous token>", found <token>`; `context` replaces the "after" part. */
  private expected(token: Token, what: string, context?: string): RuleSyntaxError {
    const previous =
      this.previous && (this.previous.kind === 'string' ? 'the string ' : '') + `"${clip(this.previous.value)}"`;
    const where = context ?? (previous ? `after ${previous}` : '');
    return this.error(token, what, `expected ${what}${where ? ` ${where}` : ''}, found ${describe(token)}`);
  }
}
