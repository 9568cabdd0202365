import { FormPageException } from '../pages/dashboard-error.filter';
import type { FormProblems } from '../forms/form-problems';
import { errorPosition } from './error-position';

/** What a rule form field holds: text as typed (kept when it is refused) and why it was refused. */
export interface RuleField {
  text: string;
  problems?: FormProblems;
}

/** The form's text, or an empty string for a missing or repeated field. */
export const fieldText = (body: Record<string, unknown>, name: string): string =>
  typeof body[name] === 'string' ? body[name] : '';

export const EMPTY_RULE_PROBLEM =
  'Write the rule: when <event type> [where <conditions>] then <action> [key=value ...]';

/** The problems as the views show them: the messages, and a caret under the column the parser stopped at. */
export function shownProblems(field: RuleField) {
  if (!field.problems) return null;
  const { messages, column } = field.problems;
  return { messages, at: column === undefined ? null : errorPosition(field.text, column) };
}

/** The rule form again, the text as typed and the parser's reasons beside it: 400, like the API. */
export function refusedRuleForm(view: string, title: string, field: RuleField, extra: Record<string, unknown> = {}) {
  return new FormPageException(
    view,
    { title, section: 'rules', text: field.text, problems: shownProblems(field), ...extra },
    400,
  );
}
