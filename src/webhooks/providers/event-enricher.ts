import type { AppConfig } from '../../platform/config/app-config';

/** A stored event as an enricher sees it. */
export interface EnrichableEvent {
  id: string;
  eventType: string;
  payload: unknown;
}

export interface EnrichmentContext {
  config: AppConfig;
  /** Aborted when the job expires, is canceled, or the worker stops. */
  signal: AbortSignal;
}

/**
 * What enrichment found. `extra` is stored on the event, and rules and formatters read it;
 * `failed` (the outside API refused: no access, not found) still routes the event, with `extra`
 * holding what the payload itself says and `reason` kept on the event.
 */
export type Enrichment =
  | { status: 'enriched'; extra: Record<string, unknown> }
  | { status: 'failed'; reason: string; extra: Record<string, unknown> };

/** The outside API is down or limiting us (5xx, 429, network): the job is retried with backoff. */
export class EnrichmentUnavailableError extends Error {
  override readonly name = 'EnrichmentUnavailableError';
}

/**
 * The step some providers add between storing an event and routing it: their payloads carry only
 * ids, so what a rule or a message needs is fetched once and stored with the event (replays and
 * rule tests reuse it).
 */
export interface EventEnricher {
  /** Whether events of this type are enriched before they are routed. */
  appliesTo(eventType: string): boolean;
  /** What the payload itself says, in the shape of `extra`: stored when fetching gives up. */
  known(event: EnrichableEvent): Record<string, unknown>;
  /** Throws EnrichmentUnavailableError when trying again later may succeed. */
  enrich(event: EnrichableEvent, context: EnrichmentContext): Promise<Enrichment>;
}
