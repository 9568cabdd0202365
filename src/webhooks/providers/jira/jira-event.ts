import { eventSegment, field, oneLine, str } from '../event-text';

/**
 * `jira:issue_updated` → `jira.issue.updated`, `comment_created` → `jira.comment.created`,
 * `issue_property_set` → `jira.issue_property.set`: any `<namespace>:` dropped, the last
 * underscore-separated word is the action, the rest the resource.
 */
export function jiraEventType(webhookEvent: string): string {
  const name = webhookEvent.slice(webhookEvent.lastIndexOf(':') + 1);
  const split = name.lastIndexOf('_');
  return split > 0
    ? `jira.${eventSegment(name.slice(0, split))}.${eventSegment(name.slice(split + 1))}`
    : `jira.${eventSegment(name)}`;
}

/** `Jira PROJ-42 issue updated by Ada Lovelace: Fix the login page`. */
export function describeJiraEvent(webhookEvent: string, payload: Record<string, unknown>): string {
  const name = webhookEvent.slice(webhookEvent.lastIndexOf(':') + 1).replace(/_/g, ' ');
  const issue = payload.issue;
  const key = str(field(issue, 'key'));
  const summary = str(field(field(issue, 'fields'), 'summary'));
  const who =
    str(field(payload.user, 'displayName')) ??
    str(field(field(payload.comment, 'author'), 'displayName')) ??
    str(field(field(payload.worklog, 'author'), 'displayName'));
  return oneLine(
    [`Jira${key ? ` ${key}` : ''} ${name}`, who ? `by ${who}` : undefined].filter(Boolean).join(' ') +
      (summary ? `: ${oneLine(summary, 100)}` : ''),
  );
}
