import { BadRequestException } from '@nestjs/common';
import { validateAction } from '../rules/action-catalog';
import { parseRule, RuleSyntaxError } from '../rules/rule-parser';
import type { Rule } from '../rules/rule-syntax';

/** Parses a rule's text and checks its action's parameters, or answers 400 with where and why. */
export function compileRule(text: string): Rule {
  let rule: Rule;
  try {
    rule = parseRule(text);
  } catch (error) {
    if (error instanceof RuleSyntaxError) {
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: error.message,
        column: error.column,
        expected: error.expected,
      });
    }
    throw error;
  }
  const problems = validateAction(rule.action);
  if (problems.length > 0) throw new BadRequestException(problems);
  return rule;
}
