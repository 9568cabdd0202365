import { hubspotV3Headers } from '../../../test/senders/hubspot';
import { BenchSource, DeliveryBuilder, json } from './delivery-builder';

/** Events per HubSpot request, in turn: HubSpot batches up to 100 events per request. */
const BATCH_SIZES = [1, 4, 10, 2, 25, 6, 3, 12, 1, 8];
const PORTAL_ID = 62515;
const APP_ID = 1160452;

const CONTACT_CHANGES: [string, (n: number) => string][] = [
  ['lifecyclestage', (n) => ['lead', 'marketingqualifiedlead', 'salesqualifiedlead', 'customer'][n % 4]!],
  ['email', (n) => `jordan.rivera+${n}@example.com`],
  ['hs_lead_status', (n) => ['NEW', 'OPEN', 'IN_PROGRESS', 'CONNECTED'][n % 4]!],
  ['firstname', (n) => ['José', 'Zoë', 'Ana', 'Søren'][n % 4]!],
];
const DEAL_CHANGES: [string, (n: number) => string][] = [
  ['dealstage', (n) => ['appointmentscheduled', 'qualifiedtobuy', 'contractsent', 'closedwon'][n % 4]!],
  ['amount', (n) => String(1200 + (n % 97) * 50)],
  ['closedate', (n) => String(Date.UTC(2026, n % 12, 1 + (n % 28)))],
];

/** One webhook event as HubSpot sends it (a subscription's change to one CRM object; the object itself is not included). */
function hubspotEvent(eventId: number, occurredAt: number): Record<string, unknown> {
  const common = { eventId, subscriptionId: 0, portalId: PORTAL_ID, appId: APP_ID, occurredAt, attemptNumber: 0 };
  const objectId = 1_246_965 + (eventId % 50_000);
  switch (eventId % 5) {
    case 0:
      return {
        ...common,
        subscriptionId: 2_143_131,
        subscriptionType: 'contact.creation',
        objectId,
        changeFlag: 'NEW',
        changeSource: 'FORM',
        sourceId: 'hubspot-form:7e3a9c4d',
      };
    case 1: {
      const [propertyName, value] = CONTACT_CHANGES[eventId % CONTACT_CHANGES.length]!;
      return {
        ...common,
        subscriptionId: 2_143_132,
        subscriptionType: 'contact.propertyChange',
        objectId,
        propertyName,
        propertyValue: value(eventId),
        changeSource: 'CRM_UI',
        sourceId: 'userId:41736281',
        isSensitive: false,
      };
    }
    case 2:
      return {
        ...common,
        subscriptionId: 2_143_140,
        subscriptionType: 'deal.creation',
        objectId: objectId + 9_000_000,
        changeFlag: 'CREATED',
        changeSource: 'CRM_UI',
        sourceId: 'userId:41736281',
      };
    case 3: {
      const [propertyName, value] = DEAL_CHANGES[eventId % DEAL_CHANGES.length]!;
      return {
        ...common,
        subscriptionId: 2_143_141,
        subscriptionType: 'deal.propertyChange',
        objectId: objectId + 9_000_000,
        propertyName,
        propertyValue: value(eventId),
        changeSource: 'AUTOMATION_PLATFORM',
        sourceId: 'workflow:118372',
        isSensitive: false,
      };
    }
    default:
      return {
        ...common,
        subscriptionId: 2_143_133,
        subscriptionType: 'contact.deletion',
        objectId,
        changeFlag: 'DELETED',
        changeSource: 'CRM_UI',
        sourceId: 'userId:41736281',
      };
  }
}

/** HubSpot batches (an array body of contact and deal events, each with its own eventId), signed with v3. */
export class HubspotBatches implements DeliveryBuilder {
  readonly tag = 'hubspot';
  readonly source: BenchSource = {
    slug: 'mix-hubspot',
    provider: 'hubspot',
    secret: 'bench-hubspot-app-client-secret',
  };
  private nextEventId = 4_213_000_001;

  build(n: number, baseUrl: string, now: Date) {
    const size = BATCH_SIZES[n % BATCH_SIZES.length]!;
    const events = Array.from({ length: size }, (_, i) => hubspotEvent(this.nextEventId++, now.getTime() - 1500 + i));
    const body = JSON.stringify(events);
    const path = `/webhooks/${this.source.slug}`;
    const headers = {
      ...json,
      'user-agent': 'HubSpot Connect 2.0 (http://dev.hubspot.com/)',
      ...hubspotV3Headers(this.source.secret, `${baseUrl}${path}`, body, { timestampMs: now.getTime() }),
    };
    return { tag: this.tag, path, headers, body, events: size };
  }
}
