import { createHash } from 'node:crypto';
import type { InboxRow } from '../../webhooks/inbox/inbox-writer';
import { syncConnectors } from '../connectors/connector-registry';

export type SyncAction = 'created' | 'updated' | 'deleted';

export interface SyncEventInput {
  source: string;
  connector: string;
  resource: string;
  externalId: string;
  /** The change's number for this resource: with the hash, what makes the delivery id. */
  version: number;
  /**
   * For a resource the state does not know at all: the listing that found it. Its version starts
   * at 1 again when it reappears after its tombstone was pruned, so without the listing its
   * `created` event would have the id of the first one and be taken for a duplicate.
   */
  firstListing?: string;
  hash: string;
  action: SyncAction;
  payload: unknown;
  title?: string;
  runId: string;
}

/**
 * The delivery id of a change: the same resource, change number and content always give the same
 * id, so storing a change again (a run retried after its events committed) is the inbox's
 * ordinary duplicate and makes nothing.
 */
export function syncDeliveryId(
  source: string,
  resource: string,
  externalId: string,
  version: number,
  hash: string,
  firstListing?: string,
) {
  const listing = firstListing ? `\u0000${firstListing}` : '';
  const digest = createHash('sha256')
    .update(`${source}\u0000${resource}\u0000${externalId}\u0000${version}\u0000${hash}${listing}`)
    .digest('hex');
  return `sync-${digest.slice(0, 40)}`;
}

/** The delivery id of an immutable resource's one `created` event: from its id alone. */
export function onceDeliveryId(source: string, resource: string, externalId: string) {
  const digest = createHash('sha256').update(`${source}\u0000${resource}\u0000${externalId}\u0000once`).digest('hex');
  return `sync-${digest.slice(0, 40)}`;
}

const oneLine = (text: string, max: number) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

/** A change as an inbox row: routed, replayed and shown like a webhook delivery. */
export function syncEventRow(input: SyncEventInput, receivedAt: Date): InboxRow {
  const { source, connector, resource, externalId, version, hash, action, payload, title, runId, firstListing } = input;
  const label = `${resource} ${oneLine(externalId, 80)}`;
  const declared = syncConnectors.get(connector);
  // The delivery id keeps the action: a verb renames the event, not the change.
  const verb = declared?.verbs?.[action] ?? action;
  const deliveryId =
    declared?.immutable && action === 'created'
      ? onceDeliveryId(source, resource, externalId)
      : syncDeliveryId(source, resource, externalId, version, hash, firstListing);
  return {
    source,
    provider: `sync:${connector}`,
    eventType: `${source}.${resource}.${verb}`,
    providerEventType: `${resource}.${verb}`,
    deliveryId,
    headers: {},
    body: JSON.stringify(payload),
    description: title ? `${label} ${verb}: ${oneLine(title, 160)}` : `${label} ${verb}`,
    verification: { method: 'sync', connector, run: runId, version },
    receivedAt,
  };
}
