import type { PrebuiltRequest } from '../load-generator';
import type { BenchSource, DeliveryBuilder } from './delivery-builder';
import { EspocrmBatches } from './espocrm-batches';
import { GenericBuilds } from './generic-builds';
import { GithubDeliveries } from './github-deliveries';
import { HubspotBatches } from './hubspot-batches';
import { StandardWebhooksMessages } from './standard-webhooks-messages';

const github = new GithubDeliveries();
const hubspot = new HubspotBatches();
const espocrm = new EspocrmBatches();
const standardWebhooks = new StandardWebhooksMessages();
const generic = new GenericBuilds();

/** Ten requests in turn: 3 GitHub, 2 HubSpot, 2 EspoCRM, 2 Standard Webhooks, 1 generic HMAC. */
const TURN: DeliveryBuilder[] = [
  github,
  hubspot,
  standardWebhooks,
  espocrm,
  github,
  generic,
  hubspot,
  standardWebhooks,
  espocrm,
  github,
];

/**
 * The mixed load: deliveries of five providers interleaved, each signed as its sender signs it and
 * each unique (delivery ids and batch items are never repeated, across every phase of a run).
 */
export class MixedLoad {
  readonly builders: readonly DeliveryBuilder[] = [github, hubspot, espocrm, standardWebhooks, generic];
  private readonly built = new Map<DeliveryBuilder, number>();
  private turn = 0;

  get sources(): BenchSource[] {
    return this.builders.map((b) => b.source);
  }

  /** The source slug of each tag (provider) the requests carry. */
  get slugByTag(): Map<string, string> {
    return new Map(this.builders.map((b) => [b.tag, b.source.slug]));
  }

  /** The next `count` requests for the server at `baseUrl`, timestamped now (the signatures' windows are 5 minutes). */
  next(count: number, baseUrl: string): PrebuiltRequest[] {
    const now = new Date();
    return Array.from({ length: count }, () => this.build(TURN[this.turn++ % TURN.length]!, baseUrl, now));
  }

  /** Creates the sources through the admin API (`POST /webhooks/sources`), as an operator would. */
  async createSources(baseUrl: string, apiSecret: string): Promise<void> {
    for (const { slug, provider, secret, settings } of this.sources) {
      const res = await fetch(`${baseUrl}/webhooks/sources`, {
        method: 'POST',
        headers: { authorization: `Bearer ${apiSecret}`, 'content-type': 'application/json' },
        body: JSON.stringify({ slug, provider, secret, settings }),
      });
      if (res.status !== 201) throw new Error(`Creating the source ${slug}: ${res.status} ${await res.text()}`);
    }
  }

  /** Per tag, over one full turn of a sample: requests, mean events per request, mean body bytes. */
  composition(sample: readonly PrebuiltRequest[]): { tag: string; requests: number; events: number; bytes: number }[] {
    return this.builders.map(({ tag }) => {
      const mine = sample.filter((r) => r.tag === tag);
      return {
        tag,
        requests: mine.length / sample.length,
        events: mine.reduce((sum, r) => sum + r.events, 0) / mine.length,
        bytes: mine.reduce((sum, r) => sum + Buffer.byteLength(r.body), 0) / mine.length,
      };
    });
  }

  private build(builder: DeliveryBuilder, baseUrl: string, now: Date): PrebuiltRequest {
    const n = this.built.get(builder) ?? 0;
    this.built.set(builder, n + 1);
    return builder.build(n, baseUrl, now);
  }
}
