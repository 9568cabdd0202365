import { ingestSlug } from './ingest-route';

describe('ingestSlug', () => {
  it('names the source of /webhooks/<source>, with or without a query or trailing slash', () => {
    expect(ingestSlug('/webhooks/github')).toBe('github');
    expect(ingestSlug('/webhooks/github/')).toBe('github');
    expect(ingestSlug('/webhooks/zammad?token=abc')).toBe('zammad');
  });

  it('joins a second segment to a sibling source, as the seed system’s fixed routes need', () => {
    expect(ingestSlug('/webhooks/espocrm/people-sync')).toBe('espocrm-people-sync');
  });

  it('decodes percent-encoding, and says when it does not decode', () => {
    expect(ingestSlug('/webhooks/my%2Dsource')).toBe('my-source');
    expect(ingestSlug('/webhooks/bad%E0%A4%A')).toBeNull();
  });

  it('leaves the admin paths and anything deeper to the Nest routes', () => {
    for (const url of [
      '/webhooks/events',
      '/webhooks/sources',
      '/webhooks/replays?x=1',
      '/webhooks/rejections',
      '/webhooks/sources/github',
      '/webhooks/events/123/replay',
      '/webhooks',
      '/webhooksgithub',
      '/jobs',
    ]) {
      expect(ingestSlug(url)).toBeUndefined();
    }
  });
});
