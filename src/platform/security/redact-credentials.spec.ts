import { redactCredentials } from './redact-credentials';

describe('redactCredentials', () => {
  it('hides URL credentials, query strings and fragments, keeping where it goes', () => {
    expect(
      redactCredentials(
        'when github.push then http.forward url="https://deploy:hunter2@ci.example.org/hooks/run?token=abc#x"',
      ),
    ).toBe('when github.push then http.forward url="https://***@ci.example.org/hooks/run?***"');
    expect(redactCredentials('then http.forward url=https://ci.example.org/build?key=1&user=2 ')).toBe(
      'then http.forward url=https://ci.example.org/build?*** ',
    );
    expect(redactCredentials('see https://example.org/page#section')).toBe('see https://example.org/page#***');
  });

  it('hides path segments that look like tokens', () => {
    expect(
      redactCredentials(
        'url=https://discord.com/api/webhooks/123456789012345678/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcdefghijklmnopqrstuvwxyz01',
      ),
    ).toBe('url=https://discord.com/api/webhooks/123456789012345678/***');
    expect(redactCredentials('https://hooks.slack.com/services/T00000000/B00000000/rVz3B0kPq9TmWx2yL8aN1cD4')).toBe(
      'https://hooks.slack.com/services/T00000000/B00000000/***',
    );
    expect(redactCredentials('https://example.org/api/v2/pull-requests/opened')).toBe(
      'https://example.org/api/v2/pull-requests/opened',
    );
  });

  it('hides bearer values and parameters named like credentials', () => {
    expect(redactCredentials('then job name=sync apiKey=s3cr3t-value token="abc def" team=ops')).toBe(
      'then job name=sync apiKey=*** token="***" team=ops',
    );
    expect(redactCredentials('403 from receiver: {"error":"bad Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.x.y"}')).toBe(
      '403 from receiver: {"error":"bad Authorization: Bearer ***"}',
    );
    expect(redactCredentials(`where payload.secret == 'abc'`)).toBe(`where payload.secret == '***'`);
  });

  it('hides the values of JSON keys named like credentials (job data shown on the dashboard)', () => {
    expect(redactCredentials('{\n  "token": "s3cret-token",\n  "name": "deploys",\n  "api_key": 42\n}')).toBe(
      '{\n  "token": "***",\n  "name": "deploys",\n  "api_key": ***\n}',
    );
  });

  it('leaves ordinary rule text alone', () => {
    expect(redactCredentials('where comment.author == "octocat"')).toBe('where comment.author == "octocat"');
    const rule =
      'when github.pull_request.* where repository.full_name == "acme/api" and action in ["opened","closed"] then discord.post channel=123456789012345678 template=deal-won';
    expect(redactCredentials(rule)).toBe(rule);
  });
});
