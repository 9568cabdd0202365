import { createHmac, randomUUID } from 'node:crypto';
import { githubSignature } from '../senders/github';
import { GoogleKeys, PUSH_ACCOUNT } from './google-keys';
import type { Random } from './random';

/** What a signer knows of the request it signs. */
export interface SigningContext {
  /** `http://host:port` of the api, as the sender calls it. */
  origin: string;
  /** Path and query exactly as sent. */
  path: string;
  /** Seconds since the epoch the sender claims to sign at. */
  nowSeconds: number;
  /** Unique per delivery: delivery id headers. */
  deliveryId: string;
}

/**
 * One provider as a fuzzing target: the source to create, a payload its sender would send, and
 * the headers that sender would put on any body (signed exactly as it signs). `headers` may be
 * asynchronous (Gmail's tokens are signed JWTs).
 */
export interface FuzzTarget {
  provider: string;
  slug: string;
  secret: string;
  settings?: Record<string, unknown>;
  /** A payload the provider accepts, carrying `marker` where a stored body would show it. */
  payload(random: Random, marker: string): unknown;
  headers(body: Buffer, ctx: SigningContext): Promise<[string, string][]> | [string, string][];
  /** Names of the headers that carry the signature (for the signature mutations). */
  signatureHeaders: string[];
  /** How old (and how far ahead) a signed timestamp may be, in seconds, when the scheme has one. */
  freshness?: { past: number; future?: number };
  /** Whether the signature covers the body (Pub/Sub's token and Calendar's channel token do not). */
  bodySigned: boolean;
  /** Whether the body is ignored (Google Calendar sends none). */
  bodyless?: boolean;
}

const json: [string, string] = ['content-type', 'application/json'];
/** HMAC over the exact bytes sent (mutated bodies need not be valid UTF-8). */
const hex = (algorithm: 'sha1' | 'sha256', secret: string, body: Buffer) =>
  createHmac(algorithm, secret).update(body).digest('hex');

/** Every provider, with slugs unique to this run (`tag`) and fresh secrets. */
export function fuzzTargets(tag: string, keys: GoogleKeys): FuzzTarget[] {
  const slug = (provider: string) => `fz${tag}-${provider}`.slice(0, 63);
  const swKey = `whsec_${Buffer.from(`fuzz-standard-webhooks-${tag}`.padEnd(32, '-')).toString('base64')}`;
  const gmailAudience = `https://hooks.example.com/webhooks/${slug('gmail')}`;
  return [
    {
      provider: 'github',
      slug: slug('github'),
      secret: `github-${tag}-secret`,
      signatureHeaders: ['x-hub-signature-256'],
      bodySigned: true,
      payload: (random, marker) => ({
        action: random.pick(['opened', 'closed', 'edited']),
        issue: { number: random.int(1, 9999), title: `Issue ${marker}`, user: { login: random.word() } },
        repository: { full_name: 'acme/api', html_url: 'https://github.com/acme/api' },
        sender: { login: random.word(), html_url: 'https://github.com/octocat' },
      }),
      headers(body, ctx) {
        return [
          json,
          ['user-agent', 'GitHub-Hookshot/fuzz'],
          ['x-github-event', 'issues'],
          ['x-github-delivery', ctx.deliveryId],
          ['x-hub-signature-256', githubSignature(this.secret, body)],
        ];
      },
    },
    {
      provider: 'hubspot',
      slug: slug('hubspot'),
      secret: `hubspot-${tag}-secret`,
      signatureHeaders: ['x-hubspot-signature-v3'],
      freshness: { past: 300, future: 300 },
      bodySigned: true,
      payload: (random, marker) => [
        {
          eventId: random.int(1, 2 ** 31),
          subscriptionId: 9,
          portalId: 62515,
          occurredAt: Date.now(),
          subscriptionType: random.pick(['contact.creation', 'deal.propertyChange']),
          attemptNumber: 0,
          objectId: random.int(1, 99999),
          propertyName: 'dealname',
          propertyValue: marker,
        },
      ],
      headers(body, ctx) {
        const timestamp = String(ctx.nowSeconds * 1000);
        const signature = createHmac('sha256', this.secret)
          .update(`POST${ctx.origin}${ctx.path}`)
          .update(body)
          .update(timestamp)
          .digest('base64');
        return [json, ['x-hubspot-signature-v3', signature], ['x-hubspot-request-timestamp', timestamp]];
      },
    },
    {
      provider: 'espocrm',
      slug: slug('espocrm'),
      secret: `espocrm-${tag}-secret`,
      signatureHeaders: ['signature'],
      bodySigned: true,
      payload: (random, marker) => [
        { id: random.word(17), name: marker, emailAddress: `${random.word()}@example.com` },
      ],
      headers(body) {
        return [json, ['signature', Buffer.from(`wh1:${hex('sha256', this.secret, body)}`).toString('base64')]];
      },
    },
    {
      provider: 'standard-webhooks',
      slug: slug('standard-webhooks'),
      secret: swKey,
      signatureHeaders: ['webhook-signature'],
      freshness: { past: 300, future: 300 },
      bodySigned: true,
      payload: (random, marker) => ({
        type: random.pick(['invoice.paid', 'customer.created']),
        timestamp: new Date().toISOString(),
        data: { id: `in_${random.word()}`, note: marker },
      }),
      headers(body, ctx) {
        const key = Buffer.from(this.secret.replace(/^whsec_/, ''), 'base64');
        const signature = createHmac('sha256', key)
          .update(`${ctx.deliveryId}.${ctx.nowSeconds}.`)
          .update(body)
          .digest('base64');
        return [
          json,
          ['webhook-id', ctx.deliveryId],
          ['webhook-timestamp', String(ctx.nowSeconds)],
          ['webhook-signature', `v1,${signature}`],
        ];
      },
    },
    {
      provider: 'generic',
      slug: slug('generic'),
      secret: `generic-${tag}-secret`,
      settings: {
        mode: 'hmac',
        header: 'X-Signature',
        algorithm: 'sha256',
        encoding: 'hex',
        prefix: 'sha256=',
        deliveryIdHeader: 'X-Delivery',
        eventTypeField: 'event.type',
      },
      signatureHeaders: ['x-signature'],
      bodySigned: true,
      payload: (random, marker) => ({ event: { type: random.pick(['order.created', 'order.paid']) }, marker }),
      headers(body, ctx) {
        return [json, ['x-delivery', ctx.deliveryId], ['x-signature', `sha256=${hex('sha256', this.secret, body)}`]];
      },
    },
    {
      provider: 'jira',
      slug: slug('jira'),
      secret: `jira-${tag}-secret`,
      signatureHeaders: ['x-hub-signature'],
      bodySigned: true,
      payload: (random, marker) => ({
        webhookEvent: random.pick(['jira:issue_created', 'jira:issue_updated', 'comment_created']),
        timestamp: Date.now(),
        issue: { key: `OPS-${random.int(1, 999)}`, fields: { summary: marker } },
        user: { displayName: random.word() },
      }),
      headers(body, ctx) {
        return [
          json,
          ['x-atlassian-webhook-identifier', ctx.deliveryId],
          ['x-hub-signature', `sha256=${hex('sha256', this.secret, body)}`],
        ];
      },
    },
    {
      provider: 'zammad',
      slug: slug('zammad'),
      secret: `zammad-${tag}-secret`,
      signatureHeaders: ['x-hub-signature'],
      bodySigned: true,
      payload: (random, marker) => ({
        ticket: {
          id: random.int(1, 9999),
          number: String(random.int(10000, 99999)),
          title: marker,
          group: { name: random.pick(['Billing', 'Support']) },
          state: 'open',
          created_at: new Date().toISOString(),
          updated_at: new Date().toISOString(),
        },
        article: { id: random.int(1, 9999), body: 'Hello', sender: 'Customer', internal: false },
      }),
      headers(body, ctx) {
        return [
          json,
          ['x-zammad-delivery', ctx.deliveryId],
          ['x-zammad-trigger', 'fuzz trigger'],
          ['x-hub-signature', `sha1=${hex('sha1', this.secret, body)}`],
        ];
      },
    },
    {
      provider: 'gcal',
      slug: slug('gcal'),
      secret: `gcal-${tag}-channel-token`,
      signatureHeaders: ['x-goog-channel-token'],
      bodySigned: false,
      bodyless: true,
      payload: () => '',
      headers(_body, ctx) {
        return [
          ['x-goog-channel-id', ctx.deliveryId],
          ['x-goog-channel-token', this.secret],
          ['x-goog-resource-state', 'exists'],
          ['x-goog-message-number', String(ctx.nowSeconds)],
          ['x-goog-resource-uri', 'https://www.googleapis.com/calendar/v3/calendars/team%40example.com/events'],
        ];
      },
    },
    {
      provider: 'gmail',
      slug: slug('gmail'),
      secret: `gmail-${tag}-unused`,
      settings: { audience: gmailAudience, serviceAccountEmail: PUSH_ACCOUNT, jwksUrl: keys.jwksUrl },
      signatureHeaders: ['authorization'],
      freshness: { past: 3600 },
      bodySigned: false,
      payload: (random, marker) => ({
        message: {
          data: Buffer.from(
            JSON.stringify({ emailAddress: `${marker}@example.com`, historyId: random.int(1, 1e9) }),
          ).toString('base64'),
          messageId: String(random.int(1, 2 ** 40)),
          publishTime: new Date().toISOString(),
          attributes: {},
        },
        subscription: 'projects/fuzz/subscriptions/gmail-push',
      }),
      async headers(_body, ctx) {
        const age = Math.floor(Date.now() / 1000) - ctx.nowSeconds + 60;
        return [json, ['authorization', `Bearer ${await keys.token(gmailAudience, age)}`]];
      },
    },
  ];
}

export const newDeliveryId = (): string => randomUUID();
