import type { PathItemObject, ResponseObject } from '@nestjs/swagger';
import { webhookProviders } from '../webhooks/providers/provider-registry';
import { ref } from './response-schemas';

/** How each provider's deliveries are authenticated, as the provider sends them. */
export const PROVIDER_AUTH: Record<string, string> = {
  github: '`X-Hub-Signature-256` (HMAC-SHA256 of the body); event in `X-GitHub-Event`, id in `X-GitHub-Delivery`',
  hubspot:
    '`X-HubSpot-Signature-v3` with `X-HubSpot-Request-Timestamp` (v1/v2 only with `allowLegacySignatures`); batched: answers `{events}`',
  espocrm: '`Signature` (or the legacy `X-Signature`)',
  'standard-webhooks': '`webhook-id`, `webhook-timestamp`, `webhook-signature` (or the `svix-` names)',
  jira: '`X-Hub-Signature`; id in `X-Atlassian-Webhook-Identifier`',
  generic: 'an HMAC or shared-token header named in the source settings; id header from the settings',
  gmail: '`Authorization: Bearer` Google-signed OIDC token (Pub/Sub push), checked against `jwksUrl`',
  gcal: '`X-Goog-Channel-Token` (the channel token); `X-Goog-Resource-State` names the change',
  zammad: '`X-Hub-Signature` (HMAC-SHA1); id in `X-Zammad-Delivery`',
  docuseal: 'the header named in `secretHeader` (default `X-Docuseal-Secret`) carrying the source secret',
  'google-forms': "`X-Forms-Signature: sha256=<HMAC-SHA256 of the body>` (the form's Apps Script trigger)",
};

const refusal = (description: string, extra: Partial<ResponseObject> = {}): ResponseObject => ({
  description,
  content: { 'application/json': { schema: ref('Error') } },
  ...extra,
});

/** The same answers for every provider; what differs is how a delivery is signed (above). */
const DELIVERY_RESPONSES: Record<string, ResponseObject> = {
  '202': {
    description: 'Stored (durably, before this answer) and queued for routing',
    content: { 'application/json': { schema: ref('Delivery') } },
  },
  '200': {
    description: 'A repeated delivery (same delivery id): `duplicate: true`, nothing stored twice',
    content: { 'application/json': { schema: ref('Delivery') } },
  },
  '400': refusal('Malformed: the body or a required header cannot be understood (the reason says which)'),
  '401': refusal('The signature (or token) does not verify with any valid secret of the source'),
  '403': refusal('The source is disabled'),
  '404': refusal('No source with this slug'),
  '408': refusal('The body did not arrive within WEBHOOK_ANSWER_TIMEOUT_SECONDS'),
  '413': refusal('The body is over WEBHOOK_MAX_BODY_BYTES (a proxy in front may answer this first)'),
  '415': refusal('A content type this provider never sends'),
  '429': refusal('Over a rate limit (the source, the sender address, or the global one)', {
    headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } },
  }),
  '500': refusal('A bug of ours; the answer carries a `reference` to find it in the logs'),
  '503': refusal('The database cannot store the delivery now: retry later (a retry of a stored one is a duplicate)'),
};

function providersTable(): string {
  const rows = [...webhookProviders.keys()].map((id) => `| \`${id}\` | ${PROVIDER_AUTH[id] ?? 'see the provider'} |`);
  return ['| provider | authenticated by |', '| --- | --- |', ...rows].join('\n');
}

/**
 * The webhook ingest endpoint. It is served ahead of Express (the signature covers the exact
 * bytes), so Nest's route scan does not see it: described here by hand.
 */
export function ingestPaths(): Record<string, PathItemObject> {
  const description =
    'A provider delivers an event to its source (`/webhooks/<slug>`; `/webhooks/<slug>/<topic>` is source `<slug>-<topic>`). ' +
    "The provider's signature is the authentication; no session or token. Every provider gets the same status codes:\n\n" +
    providersTable();
  const operation = (operationId: string, parameters: string[]) => ({
    tags: ['Webhook ingest'],
    operationId,
    summary: 'Receive a delivery from a provider',
    description,
    security: [],
    parameters: parameters.map((name) => ({
      name,
      in: 'path' as const,
      required: true,
      schema: { type: 'string' as const },
    })),
    requestBody: {
      required: true,
      description: 'Exactly as the provider sends it (JSON, or form-encoded where the provider does so)',
      content: {
        'application/json': { schema: {} },
        'application/x-www-form-urlencoded': { schema: { type: 'object' as const } },
      },
    },
    responses: DELIVERY_RESPONSES,
    'x-providers': Object.fromEntries([...webhookProviders.keys()].map((id) => [id, PROVIDER_AUTH[id] ?? ''])),
  });
  return {
    '/webhooks/{source}': { post: operation('ingest_deliver', ['source']) },
    '/webhooks/{source}/{topic}': { post: operation('ingest_deliverTopic', ['source', 'topic']) },
  };
}
