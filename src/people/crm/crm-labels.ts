import type { CrmName } from '../store/people-store';

/** Each CRM as people know it, for pages and Discord replies. */
export const CRM_LABELS: Record<CrmName, string> = { espocrm: 'EspoCRM', hubspot: 'HubSpot' };
