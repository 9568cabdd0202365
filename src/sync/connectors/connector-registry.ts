import { gmailMessagesConnector } from './gmail-messages/gmail-messages.connector';
import { googleCalendarConnector } from './google-calendar/google-calendar.connector';
import { hubspotContactsConnector } from './hubspot-contacts/hubspot-contacts.connector';
import { jsonConnector } from './json/json.connector';
import { peopleforceTasksConnector } from './peopleforce-tasks/peopleforce-tasks.connector';
import type { SyncConnector } from './sync-connector';

/** Every connector by id: a new connector is a folder beside json/ and one line here. */
export const syncConnectors: ReadonlyMap<string, SyncConnector<any>> = new Map(
  [
    jsonConnector,
    peopleforceTasksConnector,
    hubspotContactsConnector,
    googleCalendarConnector,
    gmailMessagesConnector,
  ].map((connector) => [connector.id, connector]),
);
