import { BadRequestException, NotFoundException } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { storedPayload } from '../../webhooks/inbox/stored-payload';
import type { FormattableEvent } from '../formatters/event-message';

/**
 * The payload as rules and formatters see it: an enriched event's `extra` joins it at the root, so
 * a rule says `where extra.project.id == "PVT_..."` (it hides a payload field named `extra`).
 */
function withExtra(payload: unknown, extra: unknown): unknown {
  if (extra === null || payload === null || typeof payload !== 'object' || Array.isArray(payload)) return payload;
  return { ...payload, extra };
}

/** The webhook_events columns `formattableEvent` reads, but the body. */
export const EVENT_COLUMNS =
  'id, source, provider, event_type, provider_event_type, description, extra, enrichment_status, enrichment_reason';

/** The webhook_events columns `formattableEvent` reads. */
export const FORMATTABLE_COLUMNS = `${EVENT_COLUMNS}, body`;

export interface FormattableRow {
  id: string;
  source: string;
  provider: string;
  event_type: string;
  provider_event_type: string;
  description: string;
  body: string;
  extra: unknown;
  enrichment_status: 'enriched' | 'failed' | null;
  enrichment_reason: string | null;
}

/** A stored event as routing sees it: payload parsed, plus the provider (for enrichment). */
export type RoutableEvent = FormattableEvent & { provider: string };

/** The payload is parsed when first read: events no rule looks into never pay for it. */
export function formattableEvent(row: FormattableRow): RoutableEvent {
  let payload: unknown;
  let parsed = false;
  const event = {
    id: row.id,
    source: row.source,
    provider: row.provider,
    type: row.event_type,
    providerType: row.provider_event_type,
    description: row.description,
    ...(row.enrichment_status
      ? {
          enrichment: {
            status: row.enrichment_status,
            ...(row.enrichment_reason ? { reason: row.enrichment_reason } : {}),
          },
        }
      : {}),
  };
  return Object.defineProperty(event, 'payload', {
    enumerable: true,
    get() {
      if (!parsed) {
        payload = withExtra(storedPayload(row.body), row.extra);
        parsed = true;
      }
      return payload;
    },
  }) as RoutableEvent;
}

/** A stored event with its payload parsed, for routing and for rule tests. */
export async function loadFormattableEvent(db: DataSource | EntityManager, id: string): Promise<RoutableEvent> {
  const [row] = await db.query<FormattableRow[]>(`SELECT ${FORMATTABLE_COLUMNS} FROM webhook_events WHERE id = $1`, [
    id,
  ]);
  if (!row) throw new NotFoundException(`No webhook event ${id}`);
  return formattableEvent(row);
}

export interface EventChoice {
  eventId?: string;
  eventType?: string;
  payload?: Record<string, unknown>;
}

/** A stored event by id, or a sample built from a type and payload (for dry runs and previews). */
export async function sampleOrStoredEvent(
  db: DataSource | EntityManager,
  choice: EventChoice,
): Promise<FormattableEvent> {
  if (choice.eventId) return loadFormattableEvent(db, choice.eventId);
  if (choice.eventType && choice.payload) {
    return {
      id: 'sample',
      source: 'sample',
      type: choice.eventType,
      providerType: choice.eventType.split('.').slice(1).join('.'),
      description: '',
      payload: choice.payload,
    };
  }
  throw new BadRequestException('Give eventId, or eventType and payload');
}
