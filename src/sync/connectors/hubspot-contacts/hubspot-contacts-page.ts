/** One contact as HubSpot's CRM v3 lists it. */
export interface HubspotContact {
  id: string;
  properties: Record<string, string | null>;
  createdAt?: string;
  updatedAt?: string;
  archived?: boolean;
}

export interface HubspotContactsPage {
  results: HubspotContact[];
  /** `paging.next.after`: the opaque cursor of the next page; undefined on the last one. */
  after?: string;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Reads `{results, paging: {next: {after}}}`; an answer of another shape throws with what is wrong. */
export function readHubspotContactsPage(body: unknown): HubspotContactsPage {
  if (!isObject(body) || !Array.isArray(body.results)) {
    throw new Error('HubSpot answered something that is not a list of contacts (no results)');
  }
  const next = isObject(body.paging) && isObject(body.paging.next) ? body.paging.next : undefined;
  if (next !== undefined && (typeof next.after !== 'string' || next.after === '')) {
    throw new Error('HubSpot answered paging.next without an after cursor');
  }
  return { results: body.results as HubspotContact[], after: next?.after as string | undefined };
}

/** "Ada Lovelace <ada@example.com>", or whichever of those the contact has. */
export function contactTitle(contact: HubspotContact): string | undefined {
  const properties = isObject(contact?.properties) ? contact.properties : {};
  const text = (key: string) => (typeof properties[key] === 'string' ? properties[key].trim() : '');
  const name = [text('firstname'), text('lastname')].filter(Boolean).join(' ');
  const email = text('email');
  if (name && email) return `${name} <${email}>`;
  return name || email || undefined;
}
