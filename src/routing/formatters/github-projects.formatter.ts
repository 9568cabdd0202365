import type { FormattableEvent } from './event-message';
import { at, clip, escapeMarkdown, link, text } from './markdown';

const escaped = (value: string | undefined): string | undefined => (value ? escapeMarkdown(value) : undefined);

const ARTICLE: Record<string, string> = {
  Issue: 'an issue',
  PullRequest: 'a pull request',
  DraftIssue: 'a draft issue',
};

/** The item: a linked `#12 title` for issues and pull requests, a draft's plain title, or its kind. */
function item(p: unknown): string {
  const type = text(at(p, 'extra.item.type')) ?? text(at(p, 'projects_v2_item.content_type'));
  const title = text(at(p, 'extra.item.title'));
  if (!title) return ARTICLE[type ?? ''] ?? 'an item';
  if (type === 'DraftIssue') return `draft ${escapeMarkdown(clip(title, 120))}`;
  const number = at(p, 'extra.item.number');
  return link(`${typeof number === 'number' ? `#${number} ` : ''}${clip(title, 120)}`, at(p, 'extra.item.url'));
}

function project(p: unknown): string {
  const title = text(at(p, 'extra.project.title'));
  return title ? `project ${link(title, at(p, 'extra.project.url'))}` : 'a project';
}

/**
 * Field values as people read them, by field type, as markdown: option names and iteration titles
 * (escaped), dates as YYYY-MM-DD, numbers; other types (assignees, labels, ...) show no values.
 */
const FIELD_VALUE: Record<string, (value: unknown) => string | undefined> = {
  single_select: (value) => escaped(text(at(value, 'name'))),
  iteration: (value) => escaped(text(at(value, 'title'))),
  date: (value) => (typeof value === 'string' ? /^\d{4}-\d{2}-\d{2}/.exec(value)?.[0] : undefined),
  number: (value) => (typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined),
  text: (value) => escaped(typeof value === 'string' ? clip(value.replace(/\s+/g, ' ').trim(), 80) : undefined),
};

const fieldValue = (type: string | undefined, value: unknown): string | undefined =>
  type && Object.hasOwn(FIELD_VALUE, type) ? FIELD_VALUE[type]!(value) : undefined;

/** `changed **Status** from Todo to In progress on`, or as much of it as is known. */
function fieldChange(p: unknown): string {
  const change = at(p, 'changes.field_value');
  const name = text(at(change, 'field_name')) ?? text(at(p, 'extra.field.name'));
  const type = text(at(change, 'field_type')) ?? text(at(p, 'extra.field.type'));
  const field = name ? `**${escapeMarkdown(name)}**` : 'a field';
  const from = fieldValue(type, at(change, 'from'));
  const to = fieldValue(type, at(change, 'to'));
  if (from && to) return `changed ${field} from ${from} to ${to} on`;
  if (to) return `set ${field} to ${to} on`;
  if (from) return `cleared ${field} (was ${from}) on`;
  return `changed ${field} on`;
}

/**
 * One sentence per Projects (v2) item event: who, what (a field change with its old and new
 * values), on which item, in which project. Titles and links come from the enrichment (`extra`);
 * when it failed the sentence says so and uses what the payload says.
 */
export function formatProjectsV2Item(event: FormattableEvent): string {
  const p = event.payload;
  const login = text(at(p, 'sender.login'));
  const who = login ? link(login, at(p, 'sender.html_url')) : 'Someone';
  const action = text(at(p, 'action')) ?? 'updated';
  const what = item(p);
  const where = project(p);
  let sentence: string;
  switch (action) {
    case 'created':
      sentence = `added ${what} to ${where}`;
      break;
    case 'edited':
      sentence = at(p, 'changes.field_value')
        ? `${fieldChange(p)} ${what} in ${where}`
        : at(p, 'changes.body')
          ? `edited the body of ${what} in ${where}`
          : `changed ${what} in ${where}`;
      break;
    case 'converted':
      sentence = `converted a draft to ${what} in ${where}`;
      break;
    case 'deleted':
      sentence = `removed ${what} from ${where}`;
      break;
    case 'reordered':
      sentence = `moved ${what} in ${where}`;
      break;
    default:
      sentence = `${escapeMarkdown(action)} ${what} in ${where}`;
  }
  const note = event.enrichment?.status === 'failed' ? ' (details could not be fetched from GitHub)' : '';
  return `📋 ${who} ${sentence}${note}`;
}
