import { createHmac, randomUUID } from 'node:crypto';

/** Users as Zammad's default webhook payload expands them (trimmed to what is realistic and read). */
export const EMMA = {
  id: 5,
  login: 'emma@chrispresso.com',
  firstname: 'Emma',
  lastname: 'Taylor',
  email: 'emma@chrispresso.com',
  roles: ['Agent'],
  active: true,
};
export const EMILY = {
  id: 8,
  login: 'emily@example.com',
  firstname: 'Emily',
  lastname: 'Adams',
  email: 'emily@example.com',
  roles: ['Customer'],
  active: true,
};

export interface TicketOptions {
  id?: number;
  number?: string;
  title?: string;
  group?: string;
  state?: string;
  articleCount?: number;
  updatedBy?: typeof EMMA;
}

/** The `ticket` object of Zammad's default trigger payload: associations expanded, state by name. */
export function zammadTicket(options: TicketOptions = {}): Record<string, unknown> {
  const articleCount = options.articleCount ?? 3;
  return {
    id: options.id ?? 81,
    number: options.number ?? '10081',
    title: options.title ?? 'Refund for order 42',
    group_id: 3,
    group: { id: 3, name: options.group ?? 'Billing', active: true, follow_up_possible: 'yes' },
    state_id: 2,
    state: options.state ?? 'open',
    priority_id: 2,
    priority: { id: 2, name: '2 normal' },
    owner_id: EMMA.id,
    owner: EMMA,
    customer_id: EMILY.id,
    customer: EMILY,
    organization_id: null,
    article_count: articleCount,
    article_ids: Array.from({ length: articleCount }, (_, i) => 100 + i),
    create_article_sender: 'Customer',
    create_article_type: 'email',
    created_by_id: EMILY.id,
    created_by: EMILY,
    updated_by_id: (options.updatedBy ?? EMMA).id,
    updated_by: options.updatedBy ?? EMMA,
    created_at: '2025-02-20T09:12:44.318Z',
    updated_at: '2025-02-21T14:03:10.113Z',
  };
}

/** An article of the default payload: who wrote it, sender (Customer/Agent/System), internal or not. */
export function zammadArticle(options: {
  sender: string;
  internal?: boolean;
  author?: typeof EMMA;
  body?: string;
}): Record<string, unknown> {
  const author = options.author ?? (options.sender === 'Customer' ? EMILY : EMMA);
  return {
    id: 104,
    ticket_id: 81,
    type: options.internal ? 'note' : 'email',
    type_id: options.internal ? 10 : 1,
    sender: options.sender,
    sender_id: options.sender === 'Customer' ? 2 : 1,
    from: `${author.firstname} ${author.lastname} <${author.email}>`,
    to: 'Billing',
    subject: 'Refund for order 42',
    body: options.body ?? 'Hello, any news on my refund?',
    content_type: 'text/plain',
    internal: options.internal ?? false,
    created_by_id: author.id,
    created_by: author,
    updated_by: author,
    origin_by: null,
    attachments: [],
    created_at: '2025-02-21T14:03:10.113Z',
    accounted_time: 0,
  };
}

/** Headers as Zammad sends them: `X-Hub-Signature: sha1=<hex HMAC-SHA1(token, body)>`. */
export function zammadHeaders(body: string, secret: string, delivery: string | null = randomUUID()) {
  return {
    'content-type': 'application/json',
    'user-agent': 'Zammad User Agent',
    'x-zammad-trigger': 'Notify Discord',
    ...(delivery ? { 'x-zammad-delivery': delivery } : {}),
    'x-hub-signature': `sha1=${createHmac('sha1', secret).update(body).digest('hex')}`,
  };
}

export function postZammad(
  url: string,
  payload: unknown,
  secret: string,
  options: { delivery?: string | null; headers?: Record<string, string> } = {},
) {
  const body = JSON.stringify(payload);
  return fetch(url, {
    method: 'POST',
    headers: { ...zammadHeaders(body, secret, options.delivery), ...options.headers },
    body,
  });
}
