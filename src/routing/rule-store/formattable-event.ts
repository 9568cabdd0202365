import { BadRequestException, NotFoundException } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import type { FormattableEvent } from '../formatters/event-message';

function parse(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

/**
 * The payload as rules and formatters see it: an enriched event's `extra` joins it at the root, so
 * a rule says `where extra.project.id == "PVT_..."` (it hides a payload field named `extra`).
 */
function withExtra(payload: unknown, extra: unknown): unknown {
  if (extra === null || payload === null || typeof payload !== 'object' || Array.isArray(payload)) return payload;
  return { ...payload, extra };
}

/** A stored event with its payload parsed, for routing and for rule tests. */
export async function loadFormattableEvent(db: DataSource | EntityManager, id: string): Promise<FormattableEvent> {
  const [row] = await db.query<
    {
      id: string;
      source: string;
      event_type: string;
      provider_event_type: string;
      description: string;
      body: string;
      extra: unknown;
      enrichment_status: 'enriched' | 'failed' | null;
      enrichment_reason: string | null;
    }[]
  >(
    `SELECT id, source, event_type, provider_event_type, description, body, extra, enrichment_status, enrichment_reason
       FROM webhook_events WHERE id = $1`,
    [id],
  );
  if (!row) throw new NotFoundException(`No webhook event ${id}`);
  return {
    id: row.id,
    source: row.source,
    type: row.event_type,
    providerType: row.provider_event_type,
    description: row.description,
    payload: withExtra(parse(row.body), row.extra),
    ...(row.enrichment_status
      ? {
          enrichment: {
            status: row.enrichment_status,
            ...(row.enrichment_reason ? { reason: row.enrichment_reason } : {}),
          },
        }
      : {}),
  };
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
