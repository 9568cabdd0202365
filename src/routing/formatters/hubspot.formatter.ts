import type { FormattableEvent } from './event-message';
import { at, clip, escapeMarkdown, link, text } from './markdown';

/** HubSpot's object type ids, which its record URLs use. */
const OBJECTS: Readonly<Record<string, { label: string; icon: string; typeId: string }>> = {
  contact: { label: 'contact', icon: '👤', typeId: '0-1' },
  company: { label: 'company', icon: '🏢', typeId: '0-2' },
  deal: { label: 'deal', icon: '💼', typeId: '0-3' },
  ticket: { label: 'ticket', icon: '🎫', typeId: '0-5' },
};

const VERBS: Readonly<Record<string, string>> = {
  creation: 'created',
  deletion: 'deleted',
  merge: 'merged',
  restore: 'restored',
  associationChange: 'changed associations of',
  privacyDeletion: 'privacy-deleted',
};

const scalar = (value: unknown): string | undefined =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;

/** One line per HubSpot webhook event (`contact.creation`, `deal.propertyChange`, ...), linked to the record. */
export function formatHubspot(event: FormattableEvent): string | undefined {
  const p = event.payload;
  const [objectName, change] = (text(at(p, 'subscriptionType')) ?? event.providerType).split('.');
  const object = OBJECTS[objectName ?? ''];
  if (!object || !change) return undefined;
  const objectId = scalar(at(p, 'objectId'));
  const portalId = scalar(at(p, 'portalId'));
  const url =
    objectId && portalId
      ? `https://app.hubspot.com/contacts/${portalId}/record/${object.typeId}/${objectId}`
      : undefined;
  const record = link(`${object.label} ${objectId ?? ''}`.trim(), url);
  if (change === 'propertyChange') {
    const property = text(at(p, 'propertyName')) ?? 'a property';
    const value = scalar(at(p, 'propertyValue'));
    const to = value === undefined || value === '' ? 'cleared' : `→ ${escapeMarkdown(clip(value, 200))}`;
    return `${object.icon} HubSpot ${record}: **${escapeMarkdown(property)}** ${to}`;
  }
  const verb = VERBS[change] ?? escapeMarkdown(change);
  return `${object.icon} HubSpot ${object.label} ${verb}: ${link(objectId ?? object.label, url)}`;
}
