import type { AppConfig } from '../../../../platform/config/app-config';
import { mergeAnswer, ProjectsV2ItemEnricher, projectItemQuery } from './projects-v2-item.enricher';
import { projectItemRefs } from './projects-v2-item';

const payload = {
  action: 'edited',
  projects_v2_item: {
    node_id: 'PVTI_1',
    project_node_id: 'PVT_1',
    content_node_id: 'I_1',
    content_type: 'Issue',
  },
  changes: { field_value: { field_node_id: 'PVTF_1', field_type: 'labels' } },
};
const refs = projectItemRefs(payload);
const known = {
  project: { id: 'PVT_1' },
  item: { id: 'PVTI_1', contentId: 'I_1', type: 'Issue' },
  field: { id: 'PVTF_1', type: 'labels' },
};

describe('ProjectsV2ItemEnricher', () => {
  const enricher = new ProjectsV2ItemEnricher();
  const context = (token?: string) => ({
    config: { github: { token, apiUrl: 'http://127.0.0.1:1' } } as AppConfig,
    signal: new AbortController().signal,
  });
  const event = (body: unknown) => ({ id: 'e1', eventType: 'github.projects_v2_item.edited', payload: body });

  it('applies to projects_v2_item events only', () => {
    expect(enricher.appliesTo('github.projects_v2_item.edited')).toBe(true);
    expect(enricher.appliesTo('github.projects_v2.edited')).toBe(false);
    expect(enricher.appliesTo('github.issues.opened')).toBe(false);
  });

  it('asks only for what it lacks: the field only when the payload does not name it', () => {
    const { query, variables } = projectItemQuery(refs);
    expect(variables).toEqual({ projectId: 'PVT_1', contentId: 'I_1', fieldId: 'PVTF_1' });
    expect(query).toMatch(/^query SwitchyardProjectItem\(\$projectId: ID!, \$contentId: ID!, \$fieldId: ID!\)/);
    const named = projectItemQuery({ ...refs, fieldName: 'Labels', contentId: undefined });
    expect(named.variables).toEqual({ projectId: 'PVT_1' });
    expect(named.query).not.toMatch(/content:|field:/);
  });

  it('records why it could not run, without calling GitHub, keeping what the payload says', async () => {
    await expect(enricher.enrich(event(payload), context())).resolves.toEqual({
      status: 'failed',
      reason: 'GITHUB_TOKEN is not set',
      extra: known,
    });
    await expect(enricher.enrich(event({ action: 'edited' }), context('t'))).resolves.toEqual({
      status: 'failed',
      reason: 'The payload has no projects_v2_item.project_node_id',
      extra: { project: {}, item: {} },
    });
  });

  it('merges what GitHub resolved and names each part it did not', () => {
    const answer = {
      data: {
        project: { title: 'Conference 2025', url: 'https://github.com/orgs/acme/projects/7', number: 7 },
        content: null,
        field: {},
      },
      errors: [
        { type: 'NOT_FOUND', path: ['content'], message: "Could not resolve to a node with the global id of 'I_1'" },
      ],
    };
    expect(mergeAnswer(refs, answer)).toEqual({
      status: 'failed',
      reason:
        "GitHub could not resolve the item’s content (NOT_FOUND): Could not resolve to a node with the global id of 'I_1'; " +
        'GitHub did not return the field',
      extra: {
        ...known,
        project: { id: 'PVT_1', title: 'Conference 2025', url: 'https://github.com/orgs/acme/projects/7', number: 7 },
      },
    });
  });

  it('reports an error about the whole query when nothing was resolved', () => {
    const answer = { data: null, errors: [{ message: "Field 'url' doesn't exist on type 'DraftIssue'" }] };
    expect(mergeAnswer({ projectId: 'PVT_1' }, answer)).toMatchObject({
      status: 'failed',
      reason: "GitHub could not resolve the project: Field 'url' doesn't exist on type 'DraftIssue'",
    });
  });

  it('takes the content’s own type and the field’s name when all resolve', () => {
    const answer = {
      data: {
        project: { title: 'Board', url: 'https://github.com/orgs/acme/projects/1', number: 1 },
        content: { __typename: 'PullRequest', title: 'Fix it', url: 'https://github.com/acme/api/pull/3', number: 3 },
        field: { name: 'Labels', dataType: 'LABELS' },
      },
      errors: [],
    };
    expect(mergeAnswer(refs, answer)).toEqual({
      status: 'enriched',
      extra: {
        project: { id: 'PVT_1', title: 'Board', url: 'https://github.com/orgs/acme/projects/1', number: 1 },
        item: {
          id: 'PVTI_1',
          contentId: 'I_1',
          type: 'PullRequest',
          title: 'Fix it',
          url: 'https://github.com/acme/api/pull/3',
          number: 3,
        },
        field: { id: 'PVTF_1', type: 'labels', name: 'Labels' },
      },
    });
  });
});
