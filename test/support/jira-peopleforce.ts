import { createHmac, randomUUID } from 'node:crypto';
import type { FakePeopleforceTask } from './fake-peopleforce';
import type { TestDatabase } from './test-database';

/**
 * Stores a PeopleForce task change in the inbox the way a polled source does (type
 * `<source>.task.<action>`, the task as payload, a delivery id from its content); the router
 * picks it up like any webhook.
 */
export async function storeTaskEvent(
  db: TestDatabase,
  task: FakePeopleforceTask | Record<string, unknown>,
  action: 'created' | 'updated' = 'updated',
  source = 'peopleforce',
): Promise<string> {
  const [id] = await storeTaskEvents(db, [task], action, source);
  return id!;
}

/** Several task changes stored by one statement, as one poll stores them: routed in one batch. */
export async function storeTaskEvents(
  db: TestDatabase,
  tasks: (FakePeopleforceTask | Record<string, unknown>)[],
  action: 'created' | 'updated' = 'updated',
  source = 'peopleforce',
): Promise<string[]> {
  const rows = tasks.map((task) => ({
    id: randomUUID(),
    source,
    event_type: `${source}.task.${action}`,
    provider_event_type: `task.${action}`,
    delivery_id: `task:${String(task.id)}:${randomUUID()}`,
    body: JSON.stringify(task),
    description: `PeopleForce task ${String(task.id)} ${action}`,
  }));
  await db.query(
    `INSERT INTO webhook_events (id, source, provider, event_type, provider_event_type, delivery_id, headers, body,
                                 description, verification, route_job_id)
     SELECT id, source, 'peopleforce', event_type, provider_event_type, delivery_id, '{}', body, description,
            '{"method": "poll"}', id
       FROM json_to_recordset($1::json) AS t(id uuid, source text, event_type text, provider_event_type text,
                                             delivery_id text, body text, description text)`,
    [JSON.stringify(rows)],
  );
  return rows.map((row) => row.id);
}

/** POSTs a Jira admin webhook signed as Jira does (`X-Hub-Signature: sha256=<hex>`). */
export function postJiraWebhook(url: string, secret: string, payload: unknown): Promise<Response> {
  const body = JSON.stringify(payload);
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json; charset=UTF-8',
      'x-atlassian-webhook-identifier': randomUUID(),
      'x-hub-signature': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
    },
    body,
  });
}
