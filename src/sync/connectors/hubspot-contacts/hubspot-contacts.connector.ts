import { shownUrl } from '../../http/guarded-get';
import { SyncFetchError } from '../../http/sync-fetch-error';
import type { ConnectorContext, ListedPage, PageCursor, SyncConnector } from '../sync-connector';
import { contactTitle, readHubspotContactsPage } from './hubspot-contacts-page';
import { HubspotContactsSettings, hubspotSettingsProblems, parseHubspotSettings } from './hubspot-contacts-settings';

/** HubSpot's largest page for the objects list. */
const PAGE_SIZE = 100;

const contactsUrl = (settings: HubspotContactsSettings, after?: string): URL => {
  const url = new URL(`${settings.baseUrl.toString().replace(/\/+$/, '')}/crm/v3/objects/contacts`);
  url.searchParams.set('limit', String(PAGE_SIZE));
  if (after !== undefined) url.searchParams.set('after', after);
  url.searchParams.set('properties', settings.properties.join(','));
  return url;
};

/**
 * HubSpot CRM contacts (a private app's token as the secret, sent as a Bearer token), every page of
 * `GET /crm/v3/objects/contacts` by `paging.next.after`. Archived contacts leave the listing, so
 * they become deletions after a complete one. The modification stamps move whenever any property
 * changes, also one not asked for (an email opened): they are volatile, so only the asked-for
 * properties make a change.
 */
export const hubspotContactsConnector: SyncConnector<HubspotContactsSettings> = {
  id: 'hubspot-contacts',
  description: 'HubSpot CRM contacts (a private app token as the secret), all pages',
  validateSettings: hubspotSettingsProblems,
  parseSettings: parseHubspotSettings,
  resource: () => 'contact',
  volatileFields: () => ['updatedAt', 'properties.lastmodifieddate', 'properties.hs_lastmodifieddate'],
  urls: (settings) => [contactsUrl(settings)],

  async listPage(context: ConnectorContext<HubspotContactsSettings>, cursor: PageCursor | null): Promise<ListedPage> {
    if (context.credential === undefined) {
      throw new SyncFetchError('HubSpot needs its private app token as the source secret', { credentials: true });
    }
    const url = contactsUrl(context.settings, typeof cursor?.after === 'string' ? cursor.after : undefined);
    const { body } = await context.getJson(url, { authorization: `Bearer ${context.credential}` });
    let page;
    try {
      page = readHubspotContactsPage(body);
    } catch (error) {
      throw new SyncFetchError(`${shownUrl(url)}: ${(error as Error).message}`);
    }
    return {
      resources: page.results.map((contact) => ({ id: contact?.id, payload: contact, title: contactTitle(contact) })),
      next: page.after === undefined ? undefined : { after: page.after },
    };
  },
};
