import { hmacSignature } from '../../../test/senders/generic-hmac';
import { BenchSource, DeliveryBuilder, json } from './delivery-builder';

const STATUSES = ['passed', 'failed', 'passed', 'canceled'];

/** A CI server's build notifications through a generic HMAC source: `X-Signature: sha256=<hex>`, `X-Request-Id`. */
export class GenericBuilds implements DeliveryBuilder {
  readonly tag = 'generic';
  readonly source: BenchSource = {
    slug: 'mix-ci',
    provider: 'generic',
    secret: 'bench-generic-ci-hmac-secret',
    settings: {
      mode: 'hmac',
      header: 'X-Signature',
      algorithm: 'sha256',
      encoding: 'hex',
      prefix: 'sha256=',
      deliveryIdHeader: 'X-Request-Id',
      eventTypeField: 'event',
    },
  };

  build(n: number, _baseUrl: string, now: Date) {
    const status = STATUSES[n % STATUSES.length]!;
    const body = JSON.stringify({
      event: `build.${status}`,
      build: {
        id: 98_100 + n,
        number: 4_210 + n,
        status,
        branch: n % 3 === 0 ? 'main' : `feature/ingest-${n % 17}`,
        commit: { sha: (0xc0ffee00 + n).toString(16).padStart(40, 'a'), message: 'Batch the inbox inserts' },
        pipeline: 'api',
        started_at: new Date(now.getTime() - 240_000).toISOString(),
        finished_at: now.toISOString(),
        url: `https://ci.example.com/acme/api/builds/${4_210 + n}`,
      },
    });
    const headers = {
      ...json,
      'x-request-id': `bench-build-${n}`,
      'x-signature': `sha256=${hmacSignature('sha256', this.source.secret, body, 'hex')}`,
    };
    return { tag: this.tag, path: `/webhooks/${this.source.slug}`, headers, body, events: 1 };
  }
}
