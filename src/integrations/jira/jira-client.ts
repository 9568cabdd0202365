import { ServiceClient } from '../http/service-client';
import { ServiceRefusedError } from '../http/service-errors';
import type { AdfDocument } from './adf';

export interface JiraSettings {
  /** `https://your-site.atlassian.net` (or a test fake). */
  baseUrl: string;
  email: string;
  apiToken: string;
}

export interface JiraIssueFields {
  summary?: string;
  description?: AdfDocument;
  labels?: string[];
}

export interface NewJiraIssue extends JiraIssueFields {
  projectKey: string;
  issueType: string;
  summary: string;
}

export interface JiraIssueRef {
  id: string;
  key: string;
}

export interface JiraIssue extends JiraIssueRef {
  fields: { status?: { name?: string; statusCategory?: { key?: string } } } & Record<string, unknown>;
}

export interface JiraTransition {
  id: string;
  name: string;
  to?: { name?: string; statusCategory?: { key?: string } };
}

export interface JiraSearchPage {
  issues: JiraIssue[];
  nextPageToken?: string;
}

/** Jira's error body: `{"errorMessages": [...], "errors": {"field": "message"}}`. */
function jiraReason(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const { errorMessages, errors, message } = body as Record<string, unknown>;
  const parts = [
    ...(Array.isArray(errorMessages) ? errorMessages.map(String) : []),
    ...(errors && typeof errors === 'object'
      ? Object.entries(errors as Record<string, unknown>).map(([field, text]) => `${field}: ${String(text)}`)
      : []),
    ...(typeof message === 'string' ? [message] : []),
  ];
  return parts.length > 0 ? parts.join('; ') : undefined;
}

const isNotFound = (error: unknown) => error instanceof ServiceRefusedError && error.status === 404;

/** How many search pages one `search` call reads at most (a token that loops cannot hold a job). */
const MAX_SEARCH_PAGES = 100;

/** Jira Cloud REST v3 with basic auth (email and API token): issues, transitions and JQL search. */
export class JiraClient {
  private readonly http: ServiceClient;

  constructor(settings: JiraSettings, options: { maxWaitSeconds?: number } = {}) {
    this.http = new ServiceClient({
      service: 'Jira',
      baseUrl: settings.baseUrl,
      headers: {
        authorization: `Basic ${Buffer.from(`${settings.email}:${settings.apiToken}`).toString('base64')}`,
      },
      reasonOf: jiraReason,
      ...options,
    });
  }

  async createIssue(issue: NewJiraIssue, signal?: AbortSignal): Promise<JiraIssueRef> {
    const { projectKey, issueType, ...fields } = issue;
    const { body } = await this.http.request('POST', '/rest/api/3/issue', {
      json: { fields: { project: { key: projectKey }, issuetype: { name: issueType }, ...fields } },
      signal,
    });
    const { id, key } = (body ?? {}) as Partial<JiraIssueRef>;
    if (typeof id !== 'string' || typeof key !== 'string') {
      throw new Error(
        `Jira created an issue but its answer names no id and key: ${JSON.stringify(body)?.slice(0, 200)}`,
      );
    }
    return { id, key };
  }

  /** Throws ServiceRefusedError (404) for an issue Jira does not have (deleted, or no permission). */
  async updateIssue(idOrKey: string, fields: JiraIssueFields, signal?: AbortSignal): Promise<void> {
    await this.http.request('PUT', `/rest/api/3/issue/${encodeURIComponent(idOrKey)}`, { json: { fields }, signal });
  }

  /** The issue with the fields asked for; undefined when Jira does not have it (404). */
  async getIssue(idOrKey: string, fields: string[], signal?: AbortSignal): Promise<JiraIssue | undefined> {
    try {
      const { body } = await this.http.request('GET', `/rest/api/3/issue/${encodeURIComponent(idOrKey)}`, {
        query: { fields: fields.join(',') },
        signal,
      });
      return body as JiraIssue;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async transitions(idOrKey: string, signal?: AbortSignal): Promise<JiraTransition[]> {
    const { body } = await this.http.request('GET', `/rest/api/3/issue/${encodeURIComponent(idOrKey)}/transitions`, {
      signal,
    });
    const list = (body as { transitions?: unknown } | undefined)?.transitions;
    return Array.isArray(list) ? (list as JiraTransition[]) : [];
  }

  async transition(idOrKey: string, transitionId: string, signal?: AbortSignal): Promise<void> {
    await this.http.request('POST', `/rest/api/3/issue/${encodeURIComponent(idOrKey)}/transitions`, {
      json: { transition: { id: transitionId } },
      signal,
    });
  }

  /**
   * Pages of `POST /rest/api/3/search/jql` (the endpoint that replaced `/search`): followed by
   * `nextPageToken`, with no total. Stops when a token repeats or after MAX_SEARCH_PAGES pages
   * (throws: a listing that never ends is not a complete one).
   */
  async *search(jql: string, fields: string[], signal?: AbortSignal, pageSize = 100): AsyncGenerator<JiraSearchPage> {
    const seen = new Set<string>();
    let nextPageToken: string | undefined;
    for (let page = 0; page < MAX_SEARCH_PAGES; page++) {
      const { body } = await this.http.request('POST', '/rest/api/3/search/jql', {
        json: { jql, fields, maxResults: pageSize, ...(nextPageToken ? { nextPageToken } : {}) },
        signal,
      });
      const answer = (body ?? {}) as { issues?: unknown; nextPageToken?: unknown; isLast?: unknown };
      if (!Array.isArray(answer.issues)) throw new Error('Jira answered a search without an issues list');
      yield { issues: answer.issues as JiraIssue[], nextPageToken: answer.nextPageToken as string | undefined };
      if (typeof answer.nextPageToken !== 'string' || answer.isLast === true) return;
      if (seen.has(answer.nextPageToken)) throw new Error('Jira repeated a search page token: the listing loops');
      seen.add(answer.nextPageToken);
      nextPageToken = answer.nextPageToken;
    }
    throw new Error(`Jira's search went on past ${MAX_SEARCH_PAGES} pages; narrow the JQL`);
  }
}
