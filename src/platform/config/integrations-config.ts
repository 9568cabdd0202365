import type { JiraSettings } from '../../integrations/jira/jira-client';
import type { PeopleforceSettings } from '../../integrations/peopleforce/peopleforce-client';
import type { Environment } from './environment';

export interface IntegrationSettings {
  /** Undefined: Jira is not configured (jira.* actions die saying so; no sweep). */
  jira?: JiraSettings & {
    /** Which done issues the daily sweep looks at for linked records not completed yet. */
    doneSweepJql: string;
  };
  /** Undefined: PeopleForce is not configured (done Jira issues complete no task). */
  peopleforce?: PeopleforceSettings & {
    /** The source whose events are PeopleForce records (jira_links rows of it are PeopleForce tasks). */
    source: string;
  };
}

export const DEFAULT_DONE_SWEEP_JQL = 'statusCategory = Done AND updated >= -7d';
export const DEFAULT_PEOPLEFORCE_URL = 'https://app.peopleforce.io/api/public/v3';

/** Jira needs its three variables together; PeopleForce is on with its API key. */
export function readIntegrationsConfig(env: Environment, problems: string[]): IntegrationSettings {
  const jira = { JIRA_BASE_URL: env.JIRA_BASE_URL, JIRA_EMAIL: env.JIRA_EMAIL, JIRA_API_TOKEN: env.JIRA_API_TOKEN };
  const missing = Object.entries(jira).filter(([, value]) => value === undefined);
  if (missing.length > 0 && missing.length < 3) {
    problems.push(
      `Jira needs JIRA_BASE_URL, JIRA_EMAIL and JIRA_API_TOKEN together; ${missing.map(([name]) => name).join(' and ')} missing`,
    );
  }
  if (env.PEOPLEFORCE_BASE_URL && !env.PEOPLEFORCE_API_KEY) {
    problems.push('PEOPLEFORCE_BASE_URL is set but PEOPLEFORCE_API_KEY is not (PeopleForce → Settings → API)');
  }
  return {
    jira:
      missing.length === 0
        ? {
            baseUrl: env.JIRA_BASE_URL!.replace(/\/+$/, ''),
            email: env.JIRA_EMAIL!,
            apiToken: env.JIRA_API_TOKEN!,
            doneSweepJql: env.JIRA_DONE_SWEEP_JQL ?? DEFAULT_DONE_SWEEP_JQL,
          }
        : undefined,
    peopleforce: env.PEOPLEFORCE_API_KEY
      ? {
          baseUrl: (env.PEOPLEFORCE_BASE_URL ?? DEFAULT_PEOPLEFORCE_URL).replace(/\/+$/, ''),
          apiKey: env.PEOPLEFORCE_API_KEY,
          source: env.PEOPLEFORCE_SOURCE ?? 'peopleforce',
        }
      : undefined,
  };
}
