/**
 * The parsed form of one routing rule:
 * `when <event pattern> [where <condition>] then <action> [key=value ...]`.
 * Plain data only (no compiled regular expressions, no classes), so a rule can be stored, compared
 * in tests and sent to the dashboard as JSON.
 */

/** A value a condition compares a payload field with: any JSON scalar. */
export type Literal = string | number | boolean | null;

/** A dotted payload path split into keys: `labels.0.name` → `['labels', '0', 'name']`. */
export type FieldPath = string[];

export interface CompareCondition {
  kind: 'compare';
  op: '==' | '!=';
  path: FieldPath;
  value: Literal;
}

export interface InCondition {
  kind: 'in';
  path: FieldPath;
  values: Literal[];
}

export interface ContainsCondition {
  kind: 'contains';
  path: FieldPath;
  value: Literal;
}

export interface ExistsCondition {
  kind: 'exists';
  path: FieldPath;
}

export interface MatchesCondition {
  kind: 'matches';
  path: FieldPath;
  /** RE2 syntax, already checked to compile when the rule was parsed. */
  regex: string;
}

/** `a and b and c` is one node with three operands; parentheses keep their own node. */
export interface AndCondition {
  kind: 'and';
  operands: Condition[];
}

export interface OrCondition {
  kind: 'or';
  operands: Condition[];
}

export interface NotCondition {
  kind: 'not';
  operand: Condition;
}

export type Condition =
  | CompareCondition
  | InCondition
  | ContainsCondition
  | ExistsCondition
  | MatchesCondition
  | AndCondition
  | OrCondition
  | NotCondition;

export interface RuleAction {
  /** As written, e.g. `discord.post`; whether it exists is the action catalog's business. */
  name: string;
  params: Record<string, string>;
}

export interface Rule {
  /** Lower-cased segments; `*` is any one segment, a final `**` any number of them (zero too). */
  pattern: string[];
  condition?: Condition;
  action: RuleAction;
}

/** Case-insensitive everywhere; none of them can start a field path. */
export const KEYWORDS: ReadonlySet<string> = new Set([
  'when',
  'where',
  'then',
  'and',
  'or',
  'not',
  'in',
  'contains',
  'exists',
  'matches',
  'true',
  'false',
  'null',
]);

/**
 * A rule that cannot be parsed. `message` is the whole sentence shown to the admin (it names the
 * column), `column` is 1-based in characters (code points) for editors, `expected` the short
 * name of what would have been accepted there.
 */
export class RuleSyntaxError extends Error {
  override readonly name = 'RuleSyntaxError';

  constructor(
    message: string,
    readonly column: number,
    readonly expected: string,
  ) {
    super(message);
  }
}
