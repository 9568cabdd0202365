import type RE2 from 're2';
import { Condition, FieldPath, Literal, Rule } from './rule-syntax';
import { matchesPattern } from './pattern';
import { compileRegex } from './safe-regex';

/**
 * The value at a dotted path, or undefined when any step is missing. Objects are read by own
 * keys only (`constructor` or `__proto__` never reach the prototype); arrays by decimal index.
 */
export function resolvePath(payload: unknown, path: FieldPath): unknown {
  let value = payload;
  for (const key of path) {
    if (Array.isArray(value)) {
      value = /^(?:0|[1-9]\d*)$/.test(key) ? value[Number(key)] : undefined;
    } else if (value !== null && typeof value === 'object' && Object.hasOwn(value, key)) {
      value = (value as Record<string, unknown>)[key];
    } else {
      return undefined;
    }
  }
  return value;
}

/**
 * Compiled patterns by source, shared by every rule: rules are loaded from the database as plain
 * JSON, so caching per AST node would compile again on every load. Null remembers a pattern RE2
 * refuses (only a hand-built condition can hold one). Cleared when full rather than LRU: the
 * working set is the enabled rules' patterns, far below the cap.
 */
const compiled = new Map<string, RE2 | null>();
const MAX_COMPILED = 1000;

function regexFor(source: string): RE2 | null {
  let regex = compiled.get(source);
  if (regex === undefined) {
    try {
      regex = compileRegex(source);
    } catch {
      regex = null;
    }
    if (compiled.size >= MAX_COMPILED) compiled.clear();
    compiled.set(source, regex);
  }
  return regex;
}

/**
 * Equality is strict by JSON value: same type and same value, no coercion (`"42"` is not `42`,
 * `1` is `1.0`, an object or array equals no literal). A missing field equals nothing, not even
 * null.
 */
const same = (value: unknown, literal: Literal): boolean => value === literal;

/**
 * Whether a payload satisfies a condition. Never throws, whatever the payload's shape: a missing
 * path is undefined, which fails every test except `!=` (so `not` of a test on a missing field
 * is true). `exists` is false for undefined and null. `contains` is substring on strings and
 * membership (strict equality) on arrays, false on anything else. `matches` tests strings only.
 */
export function evaluateCondition(condition: Condition, payload: unknown): boolean {
  switch (condition.kind) {
    case 'and':
      return condition.operands.every((operand) => evaluateCondition(operand, payload));
    case 'or':
      return condition.operands.some((operand) => evaluateCondition(operand, payload));
    case 'not':
      return !evaluateCondition(condition.operand, payload);
    case 'exists': {
      const value = resolvePath(payload, condition.path);
      return value !== undefined && value !== null;
    }
    case 'compare': {
      const value = resolvePath(payload, condition.path);
      if (value === undefined) return condition.op === '!=';
      return same(value, condition.value) === (condition.op === '==');
    }
    case 'in': {
      const value = resolvePath(payload, condition.path);
      return value !== undefined && condition.values.some((literal) => same(value, literal));
    }
    case 'contains': {
      const value = resolvePath(payload, condition.path);
      if (typeof value === 'string') return typeof condition.value === 'string' && value.includes(condition.value);
      return Array.isArray(value) && value.some((item) => same(item, condition.value));
    }
    case 'matches': {
      const value = resolvePath(payload, condition.path);
      if (typeof value !== 'string') return false;
      return regexFor(condition.regex)?.test(value) ?? false;
    }
  }
}

/** A rule applies to an event when its pattern covers the type and its condition (if any) holds. */
export function ruleMatches(rule: Rule, eventType: string, payload: unknown): boolean {
  return matchesPattern(rule.pattern, eventType) && (!rule.condition || evaluateCondition(rule.condition, payload));
}
