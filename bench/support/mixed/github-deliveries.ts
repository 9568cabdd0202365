import { randomUUID } from 'node:crypto';
import { githubHeaders, pullRequestPayload } from '../github-payload';
import type { BenchSource, DeliveryBuilder } from './delivery-builder';

/**
 * GitHub `pull_request` deliveries (the GitHub-only load's 7.6 KB payload) with their own
 * X-GitHub-Delivery each, to a source made with the admin API (not the environment-seeded one).
 */
export class GithubDeliveries implements DeliveryBuilder {
  readonly tag = 'github';
  readonly source: BenchSource = { slug: 'mix-github', provider: 'github', secret: 'bench-mix-github-secret' };
  private readonly body = JSON.stringify(pullRequestPayload());
  private readonly headers = githubHeaders(this.body, this.source.secret);

  build() {
    const headers = { ...this.headers, 'x-github-delivery': randomUUID() };
    return { tag: this.tag, path: `/webhooks/${this.source.slug}`, headers, body: this.body, events: 1 };
  }
}
