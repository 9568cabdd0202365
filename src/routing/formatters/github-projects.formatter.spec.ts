import type { FormattableEvent } from './event-message';
import { formatEvent } from './format-event';

const sender = { login: 'octocat', html_url: 'https://github.com/octocat' };
const extra = {
  project: { id: 'PVT_1', title: 'Conference 2025', url: 'https://github.com/orgs/acme/projects/7', number: 7 },
  item: {
    id: 'PVTI_1',
    type: 'Issue',
    title: 'Book the keynote venue',
    url: 'https://github.com/acme/events/issues/12',
    number: 12,
  },
};

const event = (payload: Record<string, unknown>, enrichment?: FormattableEvent['enrichment']): FormattableEvent => ({
  id: 'e1',
  source: 'github',
  type: `github.projects_v2_item.${String(payload.action)}`,
  providerType: 'projects_v2_item',
  description: '',
  payload: { sender, projects_v2_item: { content_type: 'Issue' }, extra, ...payload },
  ...(enrichment ? { enrichment } : {}),
});

const change = (field_type: string, from: unknown, to: unknown, field_name = 'Estimate') => ({
  field_value: { field_node_id: 'PVTF_1', field_type, field_name, from, to },
});

const who = '📋 [octocat](<https://github.com/octocat>)';
const issue = '[\\#12 Book the keynote venue](<https://github.com/acme/events/issues/12>)';
const project = 'project [Conference 2025](<https://github.com/orgs/acme/projects/7>)';

describe('GitHub Projects item messages', () => {
  it.each([
    ['archived', `${who} archived ${issue} in ${project}`],
    ['restored', `${who} restored ${issue} in ${project}`],
    ['converted', `${who} converted a draft to ${issue} in ${project}`],
    ['deleted', `${who} removed ${issue} from ${project}`],
    ['reordered', `${who} moved ${issue} in ${project}`],
    ['edited', `${who} changed ${issue} in ${project}`],
  ])('%s', (action, sentence) => {
    expect(formatEvent(event({ action }))).toBe(sentence);
  });

  it.each([
    ['number', 3, 5, 'changed **Estimate** from 3 to 5 on'],
    [
      'iteration',
      { id: 'a', title: 'Sprint 4' },
      { id: 'b', title: 'Sprint 5' },
      'changed **Estimate** from Sprint 4 to Sprint 5 on',
    ],
    ['text', 'old', 'line one\n line *two*', 'changed **Estimate** from old to line one line \\*two\\* on'],
    ['single_select', null, { id: 'x', name: 'Blocked' }, 'set **Estimate** to Blocked on'],
    ['date', '2025-03-01T00:00:00+00:00', null, 'cleared **Estimate** (was 2025-03-01) on'],
    ['assignees', ['octocat'], ['hubot'], 'changed **Estimate** on'],
  ])('shows a %s field change as people read it', (type, from, to, words) => {
    expect(formatEvent(event({ action: 'edited', changes: change(type, from, to) }))).toBe(
      `${who} ${words} ${issue} in ${project}`,
    );
  });

  it('names a field from the enrichment when the payload does not, and a draft body edit', () => {
    const fieldOnly = { field_value: { field_node_id: 'PVTF_1', field_type: 'labels' } };
    const withField = { ...extra, field: { id: 'PVTF_1', name: 'Labels', type: 'labels' } };
    expect(formatEvent(event({ action: 'edited', changes: fieldOnly, extra: withField }))).toBe(
      `${who} changed **Labels** on ${issue} in ${project}`,
    );
    const draft = { ...extra, item: { type: 'DraftIssue', title: 'Order *lanyards*' } };
    expect(formatEvent(event({ action: 'edited', changes: { body: { from: 'a', to: 'b' } }, extra: draft }))).toBe(
      `${who} edited the body of draft Order \\*lanyards\\* in ${project}`,
    );
  });

  it('says the details are missing when enrichment failed, and uses what the payload says', () => {
    const known = { project: { id: 'PVT_1' }, item: { type: 'PullRequest' } };
    expect(
      formatEvent(
        event(
          { action: 'created', projects_v2_item: { content_type: 'PullRequest' }, extra: known },
          {
            status: 'failed',
            reason: 'GitHub answered 401: Bad credentials',
          },
        ),
      ),
    ).toBe(`${who} added a pull request to a project (details could not be fetched from GitHub)`);
  });

  it('never throws on odd shapes', () => {
    expect(formatEvent({ ...event({ action: 'edited' }), payload: 'text' })).toBe(
      '📋 Someone updated an item in a project',
    );
    expect(() => formatEvent(event({ action: 'edited', changes: { field_value: 'x' }, extra: [] }))).not.toThrow();
  });
});
