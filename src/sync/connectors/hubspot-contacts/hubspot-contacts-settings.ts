import type { AppConfig } from '../../../platform/config/app-config';
import { hubspotPeopleProperties } from '../../../people/mapping/map-hubspot-contact';

export const DEFAULT_HUBSPOT_URL = 'https://api.hubapi.com';

/** Contact properties asked for unless the source names its own. */
export const DEFAULT_CONTACT_PROPERTIES = [
  'email',
  'firstname',
  'lastname',
  'phone',
  'company',
  'jobtitle',
  'lifecyclestage',
];

export interface HubspotContactsSettings {
  /** HubSpot's API origin, `https://api.hubapi.com` unless set. */
  baseUrl: URL;
  /** The contact properties asked for (`properties=`); HubSpot adds createdate, lastmodifieddate, hs_object_id. */
  properties: string[];
  /** The contacts' events also keep the people cache (as crm `hubspot`); the people properties are then asked for too. */
  feedPeople: boolean;
}

const KNOWN = ['baseUrl', 'properties', 'feedPeople'];
const PROPERTY = /^[a-z0-9_]{1,100}$/;
const MAX_PROPERTIES = 100;

/** What is wrong with a hubspot-contacts source's settings, one sentence each. */
export function hubspotSettingsProblems(settings: Record<string, unknown>): string[] {
  const problems = Object.keys(settings)
    .filter((key) => !KNOWN.includes(key))
    .map((key) => `hubspot-contacts has no setting "${key}"; its settings: ${KNOWN.join(', ')}`);
  const { baseUrl, properties, feedPeople } = settings;
  if (feedPeople !== undefined && typeof feedPeople !== 'boolean') problems.push('feedPeople must be true or false');
  if (baseUrl !== undefined) {
    let url: URL | undefined;
    try {
      url = typeof baseUrl === 'string' ? new URL(baseUrl) : undefined;
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password) {
      problems.push('baseUrl must be an http(s) URL such as https://api.hubapi.com');
    }
  }
  if (
    properties !== undefined &&
    !(
      Array.isArray(properties) &&
      properties.length >= 1 &&
      properties.length <= MAX_PROPERTIES &&
      properties.every((p) => typeof p === 'string' && PROPERTY.test(p))
    )
  ) {
    problems.push(
      `properties must be a list of 1 to ${MAX_PROPERTIES} HubSpot property names such as ["email", "firstname"]`,
    );
  }
  return problems;
}

/**
 * The settings with their defaults; only after hubspotSettingsProblems found nothing. A source that
 * feeds the people cache asks for the people properties (HUBSPOT_*_PROPERTY) besides its own.
 */
export function parseHubspotSettings(settings: Record<string, unknown>, config: AppConfig): HubspotContactsSettings {
  const feedPeople = settings.feedPeople === true;
  const asked = (settings.properties as string[] | undefined) ?? DEFAULT_CONTACT_PROPERTIES;
  const people = feedPeople ? hubspotPeopleProperties(config.crm.hubspotProperties) : [];
  return {
    baseUrl: new URL((settings.baseUrl as string | undefined) ?? DEFAULT_HUBSPOT_URL),
    properties: [...new Set([...asked, ...people])],
    feedPeople,
  };
}
