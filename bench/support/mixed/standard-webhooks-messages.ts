import { standardWebhooksHeaders } from '../../../test/senders/standard-webhooks';
import { BenchSource, DeliveryBuilder, json } from './delivery-builder';

const TYPES = ['invoice.paid', 'customer.subscription.updated', 'payment_intent.succeeded', 'invoice.payment_failed'];

/** Billing messages from a Standard Webhooks (Svix) sender: one event each, `webhook-id` unique. */
export class StandardWebhooksMessages implements DeliveryBuilder {
  readonly tag = 'standard-webhooks';
  readonly source: BenchSource = {
    slug: 'mix-billing',
    provider: 'standard-webhooks',
    secret: `whsec_${Buffer.from('bench-standard-webhooks-key-32by').toString('base64')}`,
  };

  build(n: number, _baseUrl: string, now: Date) {
    const type = TYPES[n % TYPES.length]!;
    const body = JSON.stringify({
      type,
      timestamp: now.toISOString(),
      data: {
        id: `in_1Q${n.toString(36).padStart(8, '0')}`,
        object: 'invoice',
        customer: `cus_R${(n % 977).toString(36)}x8Lm`,
        customer_email: `billing+${n % 977}@example.com`,
        amount_due: 4900 + (n % 13) * 100,
        amount_paid: type === 'invoice.payment_failed' ? 0 : 4900 + (n % 13) * 100,
        currency: 'eur',
        status: type === 'invoice.payment_failed' ? 'open' : 'paid',
        lines: [{ description: 'Team plan (monthly)', quantity: 1 + (n % 9), price: 'price_team_monthly' }],
        period_start: Math.floor(now.getTime() / 1000) - 30 * 86_400,
        period_end: Math.floor(now.getTime() / 1000),
      },
    });
    const headers = {
      ...json,
      'user-agent': 'Svix-Webhooks/1.41',
      ...standardWebhooksHeaders(
        this.source.secret,
        `msg_bench${n.toString(36)}`,
        body,
        Math.floor(now.getTime() / 1000),
      ),
    };
    return { tag: this.tag, path: `/webhooks/${this.source.slug}`, headers, body, events: 1 };
  }
}
