import { espocrmSignature } from '../../../test/senders/espocrm';
import { BenchSource, DeliveryBuilder, json } from './delivery-builder';

/** Records per EspoCRM request, in turn: EspoCRM sends up to 50 queued items per request. */
const BATCH_SIZES = [1, 3, 8, 2, 15, 5, 1, 4];
const WEBHOOK_ID = '6740f0c1d2e3a4b5c';
const NAMES = [
  ['Ada', 'Lovelace'],
  ['Grace', 'Hopper'],
  ['Søren', 'Kierkegaard'],
  ['Zoë', 'Müller'],
  ['Kwame', 'Mensah'],
];

/** A `Contact.update` item as EspoCRM sends it: the changed attributes, with `id`. */
function contactUpdate(seq: number, modifiedAt: Date): Record<string, unknown> {
  const [firstName, lastName] = NAMES[seq % NAMES.length]!;
  const email = `${firstName!.toLowerCase()}.${lastName!.toLowerCase()}.${seq}@example.org`;
  return {
    id: (0x6740f0c1d2e3a + seq).toString(16).padStart(17, '0'),
    firstName,
    lastName,
    name: `${firstName} ${lastName}`,
    emailAddress: email,
    emailAddressData: [
      { emailAddress: email, lower: email.toLowerCase(), primary: true, optOut: false, invalid: false },
    ],
    phoneNumber: `+49 30 ${String(1_000_000 + (seq % 8_999_999))}`,
    title: seq % 2 === 0 ? 'Head of Operations' : 'Account Manager',
    accountId: '673b2c9e41f0d8a27',
    accountName: 'Acme Logistics GmbH',
    modifiedAt: modifiedAt.toISOString().slice(0, 19).replace('T', ' '),
    modifiedById: '66f1a2b3c4d5e6f70',
    modifiedByName: 'Sales Ops',
  };
}

/** EspoCRM `Contact.update` batches (array bodies, no delivery id: each item unique by content), `Signature` header. */
export class EspocrmBatches implements DeliveryBuilder {
  readonly tag = 'espocrm';
  readonly source: BenchSource = {
    slug: 'mix-espocrm',
    provider: 'espocrm',
    secret: 'bench-espocrm-webhook-secret',
    settings: { event: 'Contact.update', webhookId: WEBHOOK_ID },
  };
  private nextRecord = 1;

  build(n: number, _baseUrl: string, now: Date) {
    const size = BATCH_SIZES[n % BATCH_SIZES.length]!;
    const body = JSON.stringify(Array.from({ length: size }, () => contactUpdate(this.nextRecord++, now)));
    const headers = { ...json, signature: espocrmSignature(this.source.secret, WEBHOOK_ID, body) };
    return { tag: this.tag, path: `/webhooks/${this.source.slug}`, headers, body, events: size };
  }
}
