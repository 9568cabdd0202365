import { matchesPattern } from './pattern';
import { parseRule } from './rule-parser';

/** The pattern of `when <pattern> then log`, so these cases also cover how the parser splits it. */
const pattern = (text: string) => parseRule(`when ${text} then log`).pattern;

describe('matchesPattern', () => {
  it.each([
    ['github.push', 'github.push', true],
    ['github.push', 'github.pull_request.opened', false],
    ['github.pull_request.*', 'github.pull_request.opened', true],
    ['github.pull_request.*', 'github.pull_request.closed', true],
    // A trailing `.*` is exactly one more segment, neither none nor two.
    ['github.pull_request.*', 'github.pull_request', false],
    ['github.pull_request.*', 'github.pull_request_review.submitted', false],
    ['github.*', 'github.pull_request.opened', false],
    ['github.*.opened', 'github.issues.opened', true],
    ['github.*.opened', 'github.issues.closed', false],
    ['*.ticket.created', 'zammad.ticket.created', true],
    ['*.*', 'gmail.message.received', false],
    // `**` is any number of segments, including none.
    ['github.**', 'github.ping', true],
    ['github.**', 'github.pull_request.opened', true],
    ['github.**', 'github', true],
    ['github.**', 'githubx.push', false],
    ['hubspot.deal.**', 'hubspot.deal.propertychange', true],
    ['hubspot.deal.**', 'hubspot.contact.creation', false],
    ['**', 'espocrm.contact.update', true],
    ['*', 'github', true],
    ['*', 'github.ping', false],
    // Case-insensitive both ways.
    ['HubSpot.Contact.Creation', 'hubspot.contact.creation', true],
    ['hubspot.deal.propertyChange', 'HUBSPOT.DEAL.PROPERTYCHANGE', true],
    ['jira.issue.updated', 'jira.issue.updated', true],
    ['generic.my-app:v2.*', 'generic.my-app:v2.build_failed', true],
    ['gcal.event.*', 'gcal.event.changed', true],
    ['gcal.event.*', 'gcal.channel.sync', false],
  ])('%s against %s → %s', (text, eventType, expected) => {
    expect(matchesPattern(pattern(text), eventType)).toBe(expected);
  });

  it('treats a hand-built ** in the middle as any run of segments, not as "the rest"', () => {
    expect(matchesPattern(['github', '**', 'opened'], 'github.pull_request.opened')).toBe(true);
    expect(matchesPattern(['github', '**', 'opened'], 'github.opened')).toBe(true);
    expect(matchesPattern(['github', '**', 'opened'], 'github.issues.opened.again')).toBe(false);
    expect(matchesPattern(['**', 'created', '**'], 'zammad.ticket.created')).toBe(true);
    expect(matchesPattern(['**', 'created'], 'zammad.created.ticket')).toBe(false);
  });

  it('matches nothing with an empty pattern', () => {
    expect(matchesPattern([], 'github.push')).toBe(false);
  });
});
