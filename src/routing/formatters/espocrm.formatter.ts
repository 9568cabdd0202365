import type { FormattableEvent } from './event-message';
import { at, clip, escapeMarkdown, text } from './markdown';

const VERBS: Readonly<Record<string, string>> = { create: 'created', update: 'updated', delete: 'deleted' };
const NOT_FIELDS = new Set(['id', 'name', 'firstName', 'lastName', 'entityType', 'modifiedAt', 'modifiedById']);

const scalar = (value: unknown): string | undefined =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;

function recordName(payload: unknown): string | undefined {
  const name = text(at(payload, 'name'));
  if (name) return name;
  const parts = [text(at(payload, 'firstName')), text(at(payload, 'lastName'))].filter(Boolean);
  return parts.length > 0 ? parts.join(' ') : undefined;
}

/**
 * EspoCRM entity events (`Contact.create`, `Account.update`, `Lead.fieldUpdate.status`): which
 * record, what happened, and for updates the changed fields (EspoCRM sends only those).
 */
export function formatEspocrm(event: FormattableEvent): string | undefined {
  const [entity, change, field] = event.providerType.split('.');
  if (!entity || !change) return undefined;
  const p = event.payload;
  const id = scalar(at(p, 'id'));
  const name = recordName(p);
  const record =
    `${escapeMarkdown(entity)} ${name ? `**${escapeMarkdown(clip(name, 100))}**` : escapeMarkdown(id ?? '')}`.trim();
  if (change === 'fieldUpdate' && field) {
    const value = scalar(at(p, field));
    return `📇 EspoCRM ${record}: **${escapeMarkdown(field)}** → ${value === undefined ? 'cleared' : escapeMarkdown(clip(value, 200))}`;
  }
  const verb = VERBS[change] ?? escapeMarkdown(change);
  const fields =
    change === 'update' && p !== null && typeof p === 'object'
      ? Object.keys(p).filter((key) => !NOT_FIELDS.has(key))
      : [];
  const listed = fields.length > 8 ? [...fields.slice(0, 8), `${fields.length - 8} more`] : fields;
  return `📇 EspoCRM ${record} ${verb}${listed.length > 0 ? ` (${escapeMarkdown(listed.join(', '))})` : ''}`;
}
