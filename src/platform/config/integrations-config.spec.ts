import { ConfigError, loadConfig } from './app-config';

const problems = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    return (error as ConfigError).problems;
  }
};

describe('Jira and PeopleForce settings', () => {
  it('are off without their variables', () => {
    expect(loadConfig({}).integrations).toEqual({ jira: undefined, peopleforce: undefined });
  });

  it('read Jira and PeopleForce with their defaults', () => {
    const { integrations } = loadConfig({
      JIRA_BASE_URL: 'https://acme.atlassian.net/',
      JIRA_EMAIL: 'bot@acme.example',
      JIRA_API_TOKEN: 'token',
      PEOPLEFORCE_API_KEY: 'key',
    });
    expect(integrations).toEqual({
      jira: {
        baseUrl: 'https://acme.atlassian.net',
        email: 'bot@acme.example',
        apiToken: 'token',
        doneSweepJql: 'statusCategory = Done AND updated >= -7d',
      },
      peopleforce: { baseUrl: 'https://app.peopleforce.io/api/public/v3', apiKey: 'key', source: 'peopleforce' },
    });
  });

  it('say which Jira variable is missing, and refuse malformed ones', () => {
    expect(problems({ JIRA_BASE_URL: 'https://acme.atlassian.net', JIRA_API_TOKEN: 'token' })).toEqual([
      'Jira needs JIRA_BASE_URL, JIRA_EMAIL and JIRA_API_TOKEN together; JIRA_EMAIL missing',
    ]);
    expect(
      problems({ JIRA_BASE_URL: 'acme.atlassian.net', JIRA_EMAIL: 'nobody', PEOPLEFORCE_SOURCE: 'People Force' }),
    ).toEqual([
      'JIRA_BASE_URL must be an http(s) URL such as https://acme.atlassian.net',
      'JIRA_EMAIL must be the email address of the Jira account the API token belongs to',
      'PEOPLEFORCE_SOURCE must be a source slug (a-z, 0-9, _ and -)',
      'Jira needs JIRA_BASE_URL, JIRA_EMAIL and JIRA_API_TOKEN together; JIRA_API_TOKEN missing',
    ]);
    expect(problems({ PEOPLEFORCE_BASE_URL: 'https://pf.example/api/public/v3' })).toEqual([
      'PEOPLEFORCE_BASE_URL is set but PEOPLEFORCE_API_KEY is not (PeopleForce → Settings → API)',
    ]);
  });
});
