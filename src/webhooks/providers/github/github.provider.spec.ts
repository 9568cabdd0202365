import { createHmac } from 'node:crypto';
import {
  IncomingDelivery,
  MalformedDeliveryError,
  UnsupportedContentTypeError,
  WebhookProvider,
} from '../webhook-provider';
import { GithubProvider } from './github.provider';

const provider: WebhookProvider = new GithubProvider();
const source = (...secrets: string[]) => ({ slug: 'github', secrets, settings: {} });
const body = JSON.stringify({
  action: 'closed',
  issue: { number: 3 },
  repository: { full_name: 'acme/web' },
  sender: { login: 'hubot' },
});
const sign = (secret: string, payload = body) => `sha256=${createHmac('sha256', secret).update(payload).digest('hex')}`;

function delivery(headers: Record<string, string>, payload = body): IncomingDelivery {
  return {
    method: 'POST',
    url: '/webhooks/github',
    headers: {
      'content-type': 'application/json',
      'x-github-event': 'issues',
      'x-github-delivery': 'abc-1',
      ...headers,
    },
    body: Buffer.from(payload),
    receivedAt: new Date(),
  };
}

describe('GithubProvider', () => {
  it('verifies against any of several secrets and says which one matched', () => {
    expect(provider.verify(delivery({ 'x-hub-signature-256': sign('b') }), source('a', 'b'))).toEqual({
      ok: true,
      method: 'hmac-sha256',
      secretIndex: 1,
    });
  });

  it('accepts an upper-case hex signature', () => {
    const upper = sign('a').toUpperCase().replace('SHA256=', 'sha256=');
    expect(provider.verify(delivery({ 'x-hub-signature-256': upper }), source('a'))).toMatchObject({ ok: true });
  });

  it.each([
    [{}, 'Missing X-Hub-Signature-256 header'],
    [{ 'x-hub-signature-256': 'sha1=abc' }, 'X-Hub-Signature-256 is not of the form sha256=<64 hex digits>'],
    [{ 'x-hub-signature-256': sign('wrong') }, 'X-Hub-Signature-256 does not match the body for any configured secret'],
  ])('refuses %j: %s', (headers, reason) => {
    expect(provider.verify(delivery(headers), source('a'))).toEqual({ ok: false, reason });
  });

  it('normalises the event type with the action and describes it in one line', () => {
    expect(provider.parse(delivery({}), source())).toEqual([
      {
        deliveryId: 'abc-1',
        eventType: 'github.issues.closed',
        providerEventType: 'issues',
        body,
        description: 'acme/web: issues closed #3 by hubot',
      },
    ]);
  });

  it('takes the JSON from the payload field of a form-encoded delivery', () => {
    const form = new URLSearchParams({ payload: body }).toString();
    const [event] = provider.parse(delivery({ 'content-type': 'application/x-www-form-urlencoded' }, form), source());
    expect(event!.body).toBe(body);
  });

  it('refuses unsupported content types and unparseable bodies', () => {
    expect(() => provider.assertContentType('text/plain')).toThrow(UnsupportedContentTypeError);
    expect(() => provider.assertContentType('application/json; charset=utf-8')).not.toThrow();
    expect(() => provider.parse(delivery({}, '[1,2]'), source())).toThrow(
      new MalformedDeliveryError('The GitHub payload must be a JSON object'),
    );
    expect(() => provider.parse(delivery({ 'x-github-event': '' }), source())).toThrow('Missing X-GitHub-Event header');
  });
});
