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

  describe('HubSpot', () => {
    const hubspot = (payload: Record<string, unknown>) =>
      formatEvent({ ...event(String(payload.subscriptionType), payload), source: 'hubspot', type: 'hubspot.x.y' });

    it('links a created contact to its record', () => {
      expect(hubspot({ subscriptionType: 'contact.creation', objectId: 123, portalId: 62515 })).toBe(
        '👤 HubSpot contact created: [123](<https://app.hubspot.com/contacts/62515/record/0-1/123>)',
      );
    });

    it('names the changed deal property and its new value, escaped', () => {
      expect(
        hubspot({
          subscriptionType: 'deal.propertyChange',
          objectId: 9,
          portalId: 1,
          propertyName: 'dealstage',
          propertyValue: 'closed_won',
        }),
      ).toBe('💼 HubSpot [deal 9](<https://app.hubspot.com/contacts/1/record/0-3/9>): **dealstage** → closed\\_won');
      expect(hubspot({ subscriptionType: 'deal.propertyChange', propertyName: 'amount', propertyValue: '' })).toBe(
        '💼 HubSpot deal: **amount** cleared',
      );
    });
  });

  describe('EspoCRM', () => {
    const espo = (providerType: string, payload: unknown) =>
      formatEvent({ ...event(providerType, payload), source: 'crm', type: 'espocrm.contact.update' });

    it('names the record and lists the changed fields of an update', () => {
      expect(
        espo('Contact.update', { id: 'c1', firstName: 'Ada', lastName: 'Lovelace', title: 'X', phoneNumber: '1' }),
      ).toBe('📇 EspoCRM Contact **Ada Lovelace** updated (title, phoneNumber)');
    });

    it('says which field changed to what for a field update, and falls back to the id', () => {
      expect(espo('Lead.fieldUpdate.status', { id: 'l7', status: 'In Process' })).toBe(
        '📇 EspoCRM Lead l7: **status** → In Process',
      );
      expect(espo('Account.delete', { id: 'a1' })).toBe('📇 EspoCRM Account a1 deleted');
    });
  });

  describe('Google Calendar', () => {
    const gcal = (state: string) =>
      formatEvent({
        ...event(state, {
          resourceState: state,
          resourceUri: 'https://www.googleapis.com/calendar/v3/calendars/team%40example.com/events?alt=json',
        }),
        source: 'calendar',
        type: 'gcal.event.changed',
      });

    it('says which calendar changed', () => {
      expect(gcal('exists')).toBe('📅 Events changed in calendar **team@\u200bexample.com**.');
      expect(gcal('sync')).toBe('📅 Now watching calendar **team@\u200bexample.com** for changes.');
      expect(gcal('not_exists')).toContain('is no longer available');
    });
  });
});
