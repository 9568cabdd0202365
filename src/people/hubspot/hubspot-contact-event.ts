import { storedPayload } from '../../webhooks/inbox/stored-payload';

/** The hubspot-contacts connector's id, as sync events name their provider (`sync:<connector>`). */
export const HUBSPOT_SYNC_PROVIDER = 'sync:hubspot-contacts';

const ACTIONS = ['created', 'updated', 'deleted'] as const;
export type ContactAction = (typeof ACTIONS)[number];

const CONTACT_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** The action of a sync source's contact event type (`<source>.contact.<action>`), or undefined. */
export function contactAction(type: string, source: string): ContactAction | undefined {
  const prefix = `${source}.contact.`;
  if (!type.startsWith(prefix)) return undefined;
  const action = type.slice(prefix.length);
  return (ACTIONS as readonly string[]).includes(action) ? (action as ContactAction) : undefined;
}

export interface HubspotContactEvent {
  action: ContactAction;
  contactId: string;
  /** The contact as HubSpot listed it (a deleted one: `{id, deleted: true}`). */
  contact: unknown;
}

/** A stored event read as a HubSpot contact change; undefined when it is not one (with a usable id). */
export function readContactEvent(row: {
  source: string;
  provider: string;
  event_type: string;
  body: string;
}): HubspotContactEvent | undefined {
  if (row.provider !== HUBSPOT_SYNC_PROVIDER) return undefined;
  const action = contactAction(row.event_type, row.source);
  const contact = storedPayload(row.body);
  const id = contact && typeof contact === 'object' ? (contact as Record<string, unknown>).id : undefined;
  const contactId = typeof id === 'number' ? String(id) : id;
  if (!action || typeof contactId !== 'string' || !CONTACT_ID.test(contactId)) return undefined;
  return { action, contactId, contact };
}
