import { createHmac, randomUUID } from 'node:crypto';
import { FakeJsonService, RecordedRequest, Reply } from './fake-json-service';

type CategoryKey = 'new' | 'indeterminate' | 'done';

const STATUSES: Record<string, { category: CategoryKey; categoryName: string }> = {
  'To Do': { category: 'new', categoryName: 'To Do' },
  'In Progress': { category: 'indeterminate', categoryName: 'In Progress' },
  Done: { category: 'done', categoryName: 'Done' },
};

/** The workflow: transition id → target status, offered from every other status. */
const TRANSITIONS: Record<string, { name: string; to: keyof typeof STATUSES }> = {
  '11': { name: 'To Do', to: 'To Do' },
  '21': { name: 'In Progress', to: 'In Progress' },
  '31': { name: 'Done', to: 'Done' },
};

export interface FakeJiraIssue {
  id: string;
  key: string;
  project: string;
  issueType: string;
  summary: string;
  description: unknown;
  labels: string[];
  status: keyof typeof STATUSES;
  created: string;
  updated: string;
}

const NOT_FOUND: Reply = {
  status: 404,
  body: { errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} },
};
const fieldErrors = (errors: Record<string, string>): Reply => ({ status: 400, body: { errorMessages: [], errors } });
const jqlError = (message: string): Reply => ({ status: 400, body: { errorMessages: [message], errors: {} } });

/** Whether `doc` is an ADF document Jira accepts (the subset: paragraphs of non-empty text and hard breaks). */
export function adfProblem(doc: unknown): string | undefined {
  const node = doc as { type?: unknown; version?: unknown; content?: unknown };
  if (
    doc === null ||
    typeof doc !== 'object' ||
    node.type !== 'doc' ||
    node.version !== 1 ||
    !Array.isArray(node.content)
  ) {
    return 'Operation value must be an Atlassian Document (see the Atlassian Document Format)';
  }
  for (const block of node.content as { type?: unknown; content?: unknown }[]) {
    if (block?.type !== 'paragraph') return `ADF: unsupported block node ${JSON.stringify(block?.type)}`;
    for (const inline of (block.content ?? []) as { type?: unknown; text?: unknown }[]) {
      if (inline?.type === 'hardBreak') continue;
      if (inline?.type !== 'text') return `ADF: unsupported inline node ${JSON.stringify(inline?.type)}`;
      if (typeof inline.text !== 'string' || inline.text === '') return 'ADF: text nodes must have non-empty text';
    }
  }
  return undefined;
}

interface Clause {
  test: (issue: FakeJiraIssue, now: number) => boolean;
  restricts: boolean;
}

const unquote = (value: string) => value.trim().replace(/^"(.*)"$/, '$1');

function categoryOf(value: string): CategoryKey | undefined {
  const wanted = unquote(value).toLowerCase();
  for (const { category, categoryName } of Object.values(STATUSES)) {
    if (wanted === category || wanted === categoryName.toLowerCase()) return category;
  }
  return undefined;
}

/** A small JQL subset: clauses joined by AND, an optional ORDER BY. */
function parseJql(jql: string): Clause[] | string {
  const [where = ''] = jql.split(/(?:^|\s+)ORDER\s+BY\s+/i);
  if (where.trim() === '') return [];
  const clauses: Clause[] = [];
  for (const part of where.split(/\s+AND\s+/i)) {
    let m = /^\s*statusCategory\s*(=|!=)\s*(.+?)\s*$/i.exec(part);
    if (m) {
      const category = categoryOf(m[2]!);
      if (!category) return `The value '${unquote(m[2]!)}' does not exist for the field 'statusCategory'.`;
      const equal = m[1] === '=';
      clauses.push({ restricts: true, test: (issue) => (STATUSES[issue.status]!.category === category) === equal });
      continue;
    }
    m = /^\s*(labels|project)\s*=\s*(.+?)\s*$/i.exec(part);
    if (m) {
      const value = unquote(m[2]!);
      const isLabels = m[1]!.toLowerCase() === 'labels';
      clauses.push({
        restricts: true,
        test: (issue) => (isLabels ? issue.labels.includes(value) : issue.project === value),
      });
      continue;
    }
    m = /^\s*updated\s*>=\s*(-?)(\d+)([mhdw])\s*$/i.exec(part);
    if (m) {
      const unit = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[m[3]!.toLowerCase() as 'm'];
      const ago = Number(m[2]) * unit;
      clauses.push({ restricts: true, test: (issue, now) => Date.parse(issue.updated) >= now - ago });
      continue;
    }
    return `Error in the JQL Query: the fake Jira does not understand '${part.trim()}'.`;
  }
  return clauses;
}

/**
 * A loopback Jira Cloud (REST v3) that is no kinder than the real one: basic auth (email and API
 * token), issues created with their fields validated as Jira does (project, issue type, a one-line
 * summary of at most 255 characters, an ADF description, labels without spaces), 404 for unknown
 * or deleted issues, a workflow with transitions, `POST/GET /rest/api/3/search/jql` paged by
 * `nextPageToken` (no total; only ids unless fields are asked; unbounded JQL refused) and the old
 * `/rest/api/3/search` answering 410. Scripted answers (429 with Retry-After, 5xx) come first.
 */
export class FakeJira extends FakeJsonService {
  readonly issues = new Map<string, FakeJiraIssue>();
  /** The most issues one search page returns, whatever `maxResults` asks. */
  searchPageLimit = 100;
  private nextId = 10000;
  private readonly counters = new Map<string, number>();

  constructor(
    readonly email: string,
    readonly apiToken: string,
    readonly projects: Record<string, string[]> = { OPS: ['Task', 'Bug'] },
  ) {
    super();
  }

  get url(): string {
    return this.origin;
  }

  issue(idOrKey: string): FakeJiraIssue | undefined {
    return this.issues.get(idOrKey) ?? [...this.issues.values()].find((issue) => issue.id === idOrKey);
  }

  /** Someone deletes the issue in Jira. */
  delete(key: string): void {
    this.issues.delete(key);
  }

  /** Someone moves the issue in Jira, as a transition would; the registered webhook hears of it. */
  move(key: string, status: keyof typeof STATUSES): FakeJiraIssue {
    const issue = this.issue(key)!;
    const from = issue.status;
    issue.status = status;
    issue.updated = new Date().toISOString();
    if (from !== status) this.notify(issue, from);
    return issue;
  }

  /** An admin webhook (Settings → System → WebHooks) with a secret: Jira signs each delivery. */
  webhook?: { url: string; secret: string; lost?: boolean };
  /** Webhook deliveries made (and their answers), in order. */
  readonly deliveries: { payload: Record<string, unknown>; status: number | 'lost' }[] = [];
  private pendingDeliveries: Promise<void>[] = [];

  /** Waits for the webhook deliveries sent so far to be answered. */
  async delivered(): Promise<void> {
    await Promise.all(this.pendingDeliveries);
  }

  /** Jira's `jira:issue_updated` for a status change, signed `X-Hub-Signature: sha256=<hex>`. */
  private notify(issue: FakeJiraIssue, from: string): void {
    const hook = this.webhook;
    if (!hook) return;
    const payload = {
      timestamp: Date.now(),
      webhookEvent: 'jira:issue_updated',
      issue_event_type_name: 'issue_generic',
      user: { accountId: '5b10a2844c20165700ede21g', displayName: 'Grace Hopper' },
      issue: this.view(issue),
      changelog: { id: String(Date.now()), items: [{ field: 'status', fromString: from, toString: issue.status }] },
    };
    const entry: (typeof this.deliveries)[number] = { payload, status: 'lost' };
    this.deliveries.push(entry);
    if (hook.lost) return;
    const body = JSON.stringify(payload);
    const sent = fetch(hook.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=UTF-8',
        'x-atlassian-webhook-identifier': randomUUID(),
        'x-hub-signature': `sha256=${createHmac('sha256', hook.secret).update(body).digest('hex')}`,
      },
      body,
    }).then(
      async (res) => {
        entry.status = res.status;
        await res.arrayBuffer();
      },
      () => undefined,
    );
    this.pendingDeliveries.push(sent);
  }

  /** The issue as Jira's webhooks and GET show it, with every field. */
  view(issue: FakeJiraIssue, fields: string[] = ['*all']): Record<string, unknown> {
    const all: Record<string, unknown> = {
      summary: issue.summary,
      description: issue.description,
      labels: issue.labels,
      project: { key: issue.project },
      issuetype: { name: issue.issueType },
      status: {
        name: issue.status,
        statusCategory: { key: STATUSES[issue.status]!.category, name: STATUSES[issue.status]!.categoryName },
      },
      created: issue.created,
      updated: issue.updated,
    };
    const wanted = fields.includes('*all') ? Object.keys(all) : fields.filter((name) => name in all);
    return {
      id: issue.id,
      key: issue.key,
      self: `${this.origin}/rest/api/3/issue/${issue.id}`,
      fields: Object.fromEntries(wanted.map((name) => [name, all[name]])),
    };
  }

  protected badJson(): Reply {
    return jqlError('Unexpected character: was expecting a JSON value');
  }

  protected route(request: RecordedRequest): Reply {
    const expected = `Basic ${Buffer.from(`${this.email}:${this.apiToken}`).toString('base64')}`;
    if (request.headers.authorization !== expected) {
      return { status: 401, body: 'Client must be authenticated to access this resource.' };
    }
    const { method, path } = request;
    if (path === '/rest/api/3/search') {
      return {
        status: 410,
        body: {
          errorMessages: [
            'The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046',
          ],
        },
      };
    }
    if (path === '/rest/api/3/search/jql' && (method === 'POST' || method === 'GET')) return this.search(request);
    if (path === '/rest/api/3/issue' && method === 'POST') return this.create(request.body);
    const transitions = /^\/rest\/api\/3\/issue\/([^/]+)\/transitions$/.exec(path);
    if (transitions) {
      const issue = this.issue(decodeURIComponent(transitions[1]!));
      if (!issue) return NOT_FOUND;
      return method === 'POST' ? this.transition(issue, request.body) : this.offeredTransitions(issue);
    }
    const single = /^\/rest\/api\/3\/issue\/([^/]+)$/.exec(path);
    if (single) {
      const issue = this.issue(decodeURIComponent(single[1]!));
      if (!issue) return NOT_FOUND;
      if (method === 'GET') {
        const fields = (request.query.get('fields') ?? '*all').split(',').filter(Boolean);
        return { status: 200, body: this.view(issue, fields) };
      }
      if (method === 'PUT') return this.update(issue, request.body);
    }
    return { status: 404, body: { errorMessages: ['null for uri: ' + path], errors: {} } };
  }

  private fieldProblems(fields: Record<string, unknown>, creating: boolean): Record<string, string> {
    const errors: Record<string, string> = {};
    const known = new Set(['summary', 'description', 'labels', ...(creating ? ['project', 'issuetype'] : [])]);
    for (const name of Object.keys(fields)) {
      if (!known.has(name)) {
        errors[name] = `Field '${name}' cannot be set. It is not on the appropriate screen, or unknown.`;
      }
    }
    if (creating || 'summary' in fields) {
      const summary = fields.summary;
      if (typeof summary !== 'string' || summary.trim() === '')
        errors.summary = 'You must specify a summary of the issue.';
      else if (summary.length > 255) errors.summary = 'Summary must be less than 255 characters.';
      else if (/[\r\n]/.test(summary))
        errors.summary = 'The summary is invalid because it contains newline characters.';
    }
    if (fields.description !== undefined && fields.description !== null) {
      const problem = adfProblem(fields.description);
      if (problem) errors.description = problem;
      else if (JSON.stringify(fields.description).length > 32_767)
        errors.description = 'The entered text is too long. It exceeds the allowed limit of 32,767 characters.';
    }
    if (fields.labels !== undefined) {
      const labels = fields.labels;
      if (!Array.isArray(labels) || labels.some((label) => typeof label !== 'string')) {
        errors.labels = 'data was not an array';
      } else {
        const bad = (labels as string[]).find((label) => /\s/.test(label) || label === '' || label.length > 255);
        if (bad !== undefined) errors.labels = `The label '${bad}' contains spaces which is invalid.`;
      }
    }
    return errors;
  }

  private create(body: unknown): Reply {
    const fields = (body as { fields?: Record<string, unknown> } | undefined)?.fields;
    if (!fields || typeof fields !== 'object')
      return jqlError('Can not deserialize instance of fields out of the request');
    const errors = this.fieldProblems(fields, true);
    const project = (fields.project as { key?: unknown } | undefined)?.key;
    const types = typeof project === 'string' ? this.projects[project] : undefined;
    if (!types) errors.project = 'valid project is required';
    const type = (fields.issuetype as { name?: unknown } | undefined)?.name;
    if (types && (typeof type !== 'string' || !types.includes(type))) errors.issuetype = 'Specify a valid issue type';
    if (Object.keys(errors).length > 0) return fieldErrors(errors);
    const number = (this.counters.get(project as string) ?? 0) + 1;
    this.counters.set(project as string, number);
    const now = new Date().toISOString();
    const issue: FakeJiraIssue = {
      id: String(this.nextId++),
      key: `${project as string}-${number}`,
      project: project as string,
      issueType: type as string,
      summary: fields.summary as string,
      description: fields.description ?? null,
      labels: (fields.labels as string[] | undefined) ?? [],
      status: 'To Do',
      created: now,
      updated: now,
    };
    this.issues.set(issue.key, issue);
    return { status: 201, body: { id: issue.id, key: issue.key, self: `${this.origin}/rest/api/3/issue/${issue.id}` } };
  }

  private update(issue: FakeJiraIssue, body: unknown): Reply {
    const fields = (body as { fields?: Record<string, unknown> } | undefined)?.fields ?? {};
    const errors = this.fieldProblems(fields, false);
    if (Object.keys(errors).length > 0) return fieldErrors(errors);
    if (typeof fields.summary === 'string') issue.summary = fields.summary;
    if (fields.description !== undefined) issue.description = fields.description;
    if (Array.isArray(fields.labels)) issue.labels = fields.labels as string[];
    issue.updated = new Date().toISOString();
    return { status: 204 };
  }

  private offeredTransitions(issue: FakeJiraIssue): Reply {
    const transitions = Object.entries(TRANSITIONS)
      .filter(([, t]) => t.to !== issue.status)
      .map(([id, t]) => ({
        id,
        name: t.name,
        to: { name: t.to, statusCategory: { key: STATUSES[t.to]!.category, name: STATUSES[t.to]!.categoryName } },
      }));
    return { status: 200, body: { expand: 'transitions', transitions } };
  }

  private transition(issue: FakeJiraIssue, body: unknown): Reply {
    const id = (body as { transition?: { id?: unknown } } | undefined)?.transition?.id;
    const transition = typeof id === 'string' ? TRANSITIONS[id] : undefined;
    if (!transition || transition.to === issue.status) {
      return jqlError(`Transition id '${String(id)}' is not valid for this issue.`);
    }
    this.move(issue.key, transition.to);
    return { status: 204 };
  }

  private search(request: RecordedRequest): Reply {
    const params =
      request.method === 'GET'
        ? {
            jql: request.query.get('jql') ?? undefined,
            nextPageToken: request.query.get('nextPageToken') ?? undefined,
            maxResults: request.query.has('maxResults') ? Number(request.query.get('maxResults')) : undefined,
            fields: request.query.get('fields')?.split(','),
          }
        : ((request.body ?? {}) as { jql?: string; nextPageToken?: string; maxResults?: number; fields?: string[] });
    const jql = params.jql ?? '';
    const clauses = parseJql(jql);
    if (typeof clauses === 'string') return jqlError(clauses);
    if (!clauses.some((clause) => clause.restricts)) {
      return jqlError('Unbounded JQL queries are not allowed here. Please add a search restriction to your query.');
    }
    let offset = 0;
    if (params.nextPageToken !== undefined) {
      try {
        const token = JSON.parse(Buffer.from(params.nextPageToken, 'base64url').toString('utf8')) as {
          o: number;
          q: string;
        };
        if (token.q !== jql || !Number.isInteger(token.o)) throw new Error('another query');
        offset = token.o;
      } catch {
        return jqlError('The provided next page token is invalid or expired.');
      }
    }
    const now = Date.now();
    const matching = [...this.issues.values()]
      .filter((issue) => clauses.every((clause) => clause.test(issue, now)))
      .sort((a, b) => Number(a.id) - Number(b.id));
    const size = Math.min(Math.max(params.maxResults ?? 50, 1), this.searchPageLimit);
    const page = matching.slice(offset, offset + size);
    const last = offset + size >= matching.length;
    const fields = params.fields ?? [];
    return {
      status: 200,
      body: {
        issues: page.map((issue) => (fields.length === 0 ? { id: issue.id } : this.view(issue, fields))),
        ...(last
          ? {}
          : { nextPageToken: Buffer.from(JSON.stringify({ o: offset + size, q: jql })).toString('base64url') }),
        isLast: last,
      },
    };
  }
}
