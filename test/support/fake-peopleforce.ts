import { FakeJsonService, RecordedRequest, Reply } from './fake-json-service';

export interface FakePeopleforceTask {
  id: number;
  title: string;
  description: string | null;
  completed: boolean;
  completed_at: string | null;
  due_date: string | null;
  assigned_to: { id: number; full_name: string; email: string } | null;
  created_at: string;
  updated_at: string;
}

const PREFIX = '/api/public/v3';

/**
 * A loopback PeopleForce public API v3: `X-API-KEY` checked (401 otherwise), `GET /tasks` paged
 * by a 1-based `page` with `{data, metadata: {pagination: {page, pages, count, items}}}` (count is
 * the total, items the page size), `completed=true|false` filtering, `PUT /tasks/{id}/complete`
 * (404 for an unknown task). Scripted answers (429 with Retry-After, 5xx) come first.
 */
export class FakePeopleforce extends FakeJsonService {
  readonly tasks = new Map<number, FakePeopleforceTask>();
  perPage = 25;
  private nextId = 501;

  constructor(readonly apiKey: string) {
    super();
  }

  get url(): string {
    return `${this.origin}${PREFIX}`;
  }

  addTask(task: Partial<FakePeopleforceTask> & { title: string }): FakePeopleforceTask {
    const now = new Date().toISOString();
    const full: FakePeopleforceTask = {
      id: this.nextId++,
      description: null,
      completed: false,
      completed_at: null,
      due_date: null,
      assigned_to: { id: 7, full_name: 'Ada Lovelace', email: 'ada@example.com' },
      created_at: now,
      updated_at: now,
      ...task,
    };
    this.tasks.set(full.id, full);
    return full;
  }

  protected badJson(): Reply {
    return { status: 400, body: { message: 'Invalid JSON' } };
  }

  protected route(request: RecordedRequest): Reply {
    if (request.headers['x-api-key'] !== this.apiKey) return { status: 401, body: { message: 'Unauthorized' } };
    if (!request.path.startsWith(PREFIX)) return { status: 404, body: { message: 'Not found' } };
    const path = request.path.slice(PREFIX.length);
    if (path === '/tasks' && request.method === 'GET') return this.list(request.query);
    const complete = /^\/tasks\/(\d+)\/complete$/.exec(path);
    if (complete && request.method === 'PUT') {
      const task = this.tasks.get(Number(complete[1]));
      if (!task) return { status: 404, body: { message: 'Record not found' } };
      if (!task.completed) {
        task.completed = true;
        task.completed_at = new Date().toISOString();
        task.updated_at = task.completed_at;
      }
      return { status: 200, body: { data: task } };
    }
    return { status: 404, body: { message: 'Not found' } };
  }

  private list(query: URLSearchParams): Reply {
    const page = Number(query.get('page') ?? '1');
    if (!Number.isInteger(page) || page < 1)
      return { status: 400, body: { message: `Invalid page: ${query.get('page')}` } };
    const completed = query.get('completed');
    const all = [...this.tasks.values()].filter((task) => completed === null || String(task.completed) === completed);
    const pages = Math.max(1, Math.ceil(all.length / this.perPage));
    if (page > pages) return { status: 400, body: { message: `Page ${page} is out of range (1-${pages})` } };
    return {
      status: 200,
      body: {
        data: all.slice((page - 1) * this.perPage, page * this.perPage),
        metadata: { pagination: { page, pages, count: all.length, items: this.perPage } },
      },
    };
  }
}
