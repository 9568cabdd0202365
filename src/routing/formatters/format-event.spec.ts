import { formatEvent } from './format-event';

const event = (providerType: string, payload: unknown, type = `github.${providerType}`) => ({
  id: 'e1',
  source: 'github',
  type,
  providerType,
  description: 'acme/api: something',
  payload,
});

describe('formatEvent', () => {
  const repository = { full_name: 'acme/api', html_url: 'https://github.com/acme/api' };
  const sender = { login: 'octocat', html_url: 'https://github.com/octocat' };

  it('formats a pull request with links and escaped title', () => {
    const text = formatEvent(
      event('pull_request', {
        action: 'opened',
        pull_request: {
          number: 7,
          title: 'Fix *bold* claims @everyone',
          html_url: 'https://github.com/acme/api/pull/7',
        },
        repository,
        sender,
      }),
    );
    expect(text).toBe(
      '🔀 [octocat](<https://github.com/octocat>) opened pull request [\\#7 Fix \\*bold\\* claims @\u200beveryone](<https://github.com/acme/api/pull/7>) in [acme/api](<https://github.com/acme/api>)',
    );
  });

  it('says merged for a closed and merged pull request', () => {
    const text = formatEvent(
      event('pull_request', {
        action: 'closed',
        pull_request: { number: 1, title: 't', merged: true },
        repository,
        sender,
      }),
    );
    expect(text).toContain(' merged pull request ');
  });

  it('lists at most five commits of a push', () => {
    const commits = Array.from({ length: 7 }, (_, i) => ({
      message: `commit ${i}\n\nbody`,
      url: `https://github.com/acme/api/commit/${i}`,
    }));
    const text = formatEvent(event('push', { ref: 'refs/heads/main', commits, repository, sender }));
    expect(text.split('\n')).toHaveLength(7);
    expect(text).toContain('pushed 7 commits to main');
    expect(text).toContain('…and 2 more');
  });

  it('falls back to the generic line for unknown events and shapes, never throwing', () => {
    expect(formatEvent(event('star', null))).toBe('📨 **github.star** from github: acme/api: something');
    expect(formatEvent({ ...event('x', 'not an object'), type: 'hubspot.deal.creation' })).toBe(
      '📨 **hubspot.deal.creation** from github: acme/api: something',
    );
    expect(() => formatEvent(event('issues', { issue: 5, sender: [] }))).not.toThrow();
  });
});
