import { redactUrl } from './redaction';

describe('redactUrl', () => {
  it('hides one-time sign-in tokens and OAuth codes, keeping the rest readable', () => {
    const token = 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcd';
    expect(redactUrl(`/auth/discord/link/${token}`)).toBe('/auth/discord/link/[redacted]');
    expect(redactUrl(`/auth/bootstrap/${token}?x=1`)).toBe('/auth/bootstrap/[redacted]?x=1');
    expect(redactUrl('/auth/callback?code=abc&state=def&iss=http%3A%2F%2Fidp')).toBe(
      '/auth/callback?code=%5Bredacted%5D&state=def&iss=http%3A%2F%2Fidp',
    );
    expect(redactUrl('/jobs?state=dead&limit=5')).toBe('/jobs?state=dead&limit=5');
    expect(redactUrl('/webhooks/events?source=github')).toBe('/webhooks/events?source=github');
  });

  it('masks credentials inside query values, such as a rule tested from the dashboard', () => {
    const text = 'when github.push then http.forward url="https://deploy:hunter2@ci.example.org/run?token=abc"';
    const logged = redactUrl(`/dashboard/rules/test?${new URLSearchParams({ text, eventId: 'e1' }).toString()}`);
    expect(new URLSearchParams(logged.split('?').slice(1).join('?')).get('text')).toBe(
      'when github.push then http.forward url="https://***@ci.example.org/run?***"',
    );
    expect(logged).not.toContain('hunter2');
  });
});
