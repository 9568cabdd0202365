import type { PrebuiltRequest } from '../load-generator';

/** A source of the mixed load, created through the admin API before the load starts. */
export interface BenchSource {
  slug: string;
  provider: string;
  secret: string;
  settings?: Record<string, unknown>;
}

/**
 * Builds the `n`th delivery (n counts up across every phase, so no two are alike) of one source,
 * signed as its sender signs it, for the Switchyard at `baseUrl` (HubSpot signs the full URL).
 */
export interface DeliveryBuilder {
  /** What its requests are counted under: the provider. */
  readonly tag: string;
  readonly source: BenchSource;
  build(n: number, baseUrl: string, now: Date): PrebuiltRequest;
}

export const json = { 'content-type': 'application/json' };
