import { PermanentJobError } from '../../platform/queue/queue-job';
import type { FormattableEvent } from '../../routing/formatters/event-message';
import { at } from '../../routing/formatters/markdown';
import { renderPlainTemplate } from '../../routing/templates/plain-text-template';
import { textToAdf } from './adf';
import type { JiraIssueFields } from './jira-client';
import type { RecordRef } from './jira-links';

/** Jira's limits: a one-line summary of at most 255 characters, a description of at most 32,767. */
const SUMMARY_MAX = 255;
const DESCRIPTION_MAX = 30_000;

/** What templates see: the same names as message templates (`event`, `payload`, `extra`). */
function scope(event: FormattableEvent): Record<string, unknown> {
  const { id, source, type, providerType, description } = event;
  return {
    event: { id, source, type, providerType, description },
    payload: event.payload,
    extra: at(event.payload, 'extra') ?? null,
  };
}

async function render(event: FormattableEvent, name: string, template: string): Promise<string> {
  try {
    return await renderPlainTemplate(template, scope(event));
  } catch (error) {
    throw new PermanentJobError(`The ${name} template failed for event ${event.id}: ${(error as Error).message}`);
  }
}

/** `peopleforce.task.updated` → `task`, `github.pull_request.opened` → `pull_request`. */
export function resourceTypeOf(eventType: string): string {
  const segments = eventType.split('.');
  return segments.length >= 3 ? segments.slice(1, -1).join('.') : (segments.at(-1) ?? eventType);
}

/** The record the event is about: its source, resource type and id (`id=` template, else `payload.id`). */
export async function recordRefOf(event: FormattableEvent, params: Record<string, string>): Promise<RecordRef> {
  const raw = params.id !== undefined ? (await render(event, 'id', params.id)).trim() : at(event.payload, 'id');
  const externalId = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
  if (externalId === '' || externalId.length > 200) {
    throw new PermanentJobError(
      `Event ${event.id} (${event.type}) has no ${params.id !== undefined ? 'id (the id template rendered nothing usable)' : 'payload.id'} to link a Jira issue to; give the rule id="{{ payload.<field> }}"`,
    );
  }
  return { source: event.source, resourceType: resourceTypeOf(event.type), externalId };
}

/** The issue fields a rule sets, rendered for the event; only those the rule names. */
export async function issueFieldsOf(event: FormattableEvent, params: Record<string, string>): Promise<JiraIssueFields> {
  const fields: JiraIssueFields = {};
  if (params.summary !== undefined) {
    const summary = (await render(event, 'summary', params.summary)).replace(/\s+/g, ' ').trim();
    if (summary === '') throw new PermanentJobError(`The summary template rendered nothing for event ${event.id}`);
    fields.summary = summary.length > SUMMARY_MAX ? `${summary.slice(0, SUMMARY_MAX - 1)}…` : summary;
  }
  if (params.description !== undefined) {
    const text = await render(event, 'description', params.description);
    fields.description = textToAdf(text.length > DESCRIPTION_MAX ? `${text.slice(0, DESCRIPTION_MAX - 1)}…` : text);
  }
  if (params.labels !== undefined) fields.labels = params.labels.split(',');
  return fields;
}
