import type { IncomingHttpHeaders } from 'node:http';
import type { EventEnricher } from './event-enricher';

/** One HTTP delivery as it arrived: the exact body bytes, before any parsing. */
export interface IncomingDelivery {
  method: string;
  /** Path and query as the sender called it. */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  receivedAt: Date;
}

/** One event taken out of a delivery (batching providers yield several). */
export interface ParsedEvent {
  /** Unique per source; a repeat is a duplicate delivery. */
  deliveryId: string;
  /** Normalised `<provider>.<resource>[.<action>]`, e.g. `github.pull_request.opened`. */
  eventType: string;
  /** The provider's own name for it, e.g. `pull_request`. */
  providerEventType: string;
  /** The event's JSON text, as stored and later routed. */
  body: string;
  /** One line for logs and the dashboard. */
  description: string;
}

export type Verification = { ok: true; method: string; secretIndex?: number } | { ok: false; reason: string };

/** Raised for a delivery that is authentic but cannot be understood: answered 400 with the reason. */
export class MalformedDeliveryError extends Error {
  override readonly name = 'MalformedDeliveryError';
}

/** Raised for a content type the provider never sends: answered 415. */
export class UnsupportedContentTypeError extends Error {
  override readonly name = 'UnsupportedContentTypeError';
}

/** What a provider knows of the source a delivery arrived for. */
export interface SourceContext {
  slug: string;
  /** The secrets valid now, newest first (several during a rotation), in plain text. */
  secrets: readonly string[];
  /** Provider-specific settings of the source (see each provider's `validateSettings`). */
  settings: Readonly<Record<string, unknown>>;
  /**
   * Whether requests the provider makes for this source (a Gmail source's `jwksUrl`) may reach
   * private, loopback and other non-public addresses (`WEBHOOK_JWKS_ALLOW_PRIVATE`); refused by default.
   */
  allowPrivateNetworks?: boolean;
}

export interface WebhookProvider {
  readonly id: string;
  /** Problems with a source's settings, checked when a source is saved; none means valid. */
  validateSettings?(settings: Record<string, unknown>): string[];
  /** Headers of this source that carry credentials, beyond the well-known ones, to redact before storing. */
  sensitiveHeaders?(settings: Readonly<Record<string, unknown>>): string[];
  /** Checked before the body is read, so an unsupported type is refused without reading it. */
  assertContentType(contentType: string | undefined): void;
  /**
   * Verifies against the raw body, in constant time, against each secret in turn. Timestamped
   * schemes compare with `delivery.receivedAt`.
   */
  verify(delivery: IncomingDelivery, source: SourceContext): Verification | Promise<Verification>;
  /** The events of a verified delivery; throws MalformedDeliveryError with the reason. */
  parse(delivery: IncomingDelivery, source: SourceContext): ParsedEvent[];
  /** Fetches, before routing, what the payload only names by id (see event-enricher.ts). */
  readonly enricher?: EventEnricher;
}
