import { createHash, createHmac } from 'node:crypto';
import { IncomingDelivery, MalformedDeliveryError } from '../webhook-provider';
import { jiraEventType } from './jira-event';
import { JiraProvider } from './jira.provider';

const provider = new JiraProvider();
const source = (...secrets: string[]) => ({ slug: 'jira', secrets, settings: {} });
const body = JSON.stringify({
  timestamp: 1741082400000,
  webhookEvent: 'jira:issue_updated',
  issue_event_type_name: 'issue_generic',
  user: { accountId: '5b10a2844c20165700ede21g', displayName: 'Ada Lovelace' },
  issue: { id: '10002', key: 'PROJ-42', fields: { summary: 'Fix the login page', status: { name: 'In Progress' } } },
  changelog: { id: '10100', items: [{ field: 'status', fromString: 'To Do', toString: 'In Progress' }] },
});

/** Jira's `X-Hub-Signature`: `sha256=` + hex HMAC-SHA256(secret, body). */
const sign = (secret: string, payload = body) => `sha256=${createHmac('sha256', secret).update(payload).digest('hex')}`;

function delivery(headers: Record<string, string>, payload = body): IncomingDelivery {
  return {
    method: 'POST',
    url: '/webhooks/jira',
    headers: {
      'content-type': 'application/json; charset=UTF-8',
      'x-atlassian-webhook-identifier': '1f0a3c1e-2b4d-4e5f-8a9b-0c1d2e3f4a5b',
      ...headers,
    },
    body: Buffer.from(payload),
    receivedAt: new Date(),
  };
}

describe('JiraProvider', () => {
  it('accepts a signed delivery and the rotated secret', () => {
    expect(provider.verify(delivery({ 'x-hub-signature': sign('jira-secret') }), source('jira-secret'))).toEqual({
      ok: true,
      method: 'hmac-sha256',
      secretIndex: 0,
    });
    expect(provider.verify(delivery({ 'x-hub-signature': sign('old') }), source('new', 'old'))).toMatchObject({
      ok: true,
      secretIndex: 1,
    });
  });

  const mismatch = 'X-Hub-Signature does not match the body for any configured secret';
  it.each([
    ['a tampered body', { 'x-hub-signature': sign('jira-secret') }, body.replace('Ada', 'Eve'), mismatch],
    ['a wrong secret', { 'x-hub-signature': sign('wrong') }, body, mismatch],
    [
      'another algorithm',
      { 'x-hub-signature': sign('jira-secret').replace('sha256=', 'sha1=') },
      body,
      'X-Hub-Signature is not of the form sha256=<64 hex digits>',
    ],
    ['no signature', {}, body, 'Missing X-Hub-Signature header'],
  ])('refuses %s', (_what, headers, payload, reason) => {
    expect(provider.verify(delivery(headers, payload), source('jira-secret'))).toEqual({ ok: false, reason });
  });

  it('parses the event with the webhook identifier as delivery id', () => {
    expect(provider.parse(delivery({}))).toEqual([
      {
        deliveryId: '1f0a3c1e-2b4d-4e5f-8a9b-0c1d2e3f4a5b',
        eventType: 'jira.issue.updated',
        providerEventType: 'jira:issue_updated',
        body,
        description: 'Jira PROJ-42 issue updated by Ada Lovelace: Fix the login page',
      },
    ]);
  });

  it('falls back to a hash of the body without X-Atlassian-Webhook-Identifier', () => {
    const [event] = provider.parse(delivery({ 'x-atlassian-webhook-identifier': '' }));
    expect(event!.deliveryId).toBe(createHash('sha256').update(body).digest('hex'));
  });

  it.each([
    ['jira:issue_created', 'jira.issue.created'],
    ['jira:issue_updated', 'jira.issue.updated'],
    ['comment_created', 'jira.comment.created'],
    ['issue_property_set', 'jira.issue_property.set'],
    ['jira:worklog_updated', 'jira.worklog.updated'],
    ['sprint_started', 'jira.sprint.started'],
    ['jira:version_released', 'jira.version.released'],
  ])('normalises %s as %s', (raw, normalised) => {
    expect(jiraEventType(raw)).toBe(normalised);
  });

  it('describes a comment by its author', () => {
    const comment = JSON.stringify({
      webhookEvent: 'comment_created',
      comment: { id: '10200', body: 'Looks good', author: { displayName: 'Grace Hopper' } },
      issue: { key: 'PROJ-7', fields: { summary: 'Ship it' } },
    });
    expect(provider.parse(delivery({}, comment))[0]!.description).toBe(
      'Jira PROJ-7 comment created by Grace Hopper: Ship it',
    );
  });

  it('refuses a payload without webhookEvent', () => {
    expect(() => provider.parse(delivery({}, '{"issue":{}}'))).toThrow(
      new MalformedDeliveryError('The Jira payload has no "webhookEvent" name'),
    );
  });
});
