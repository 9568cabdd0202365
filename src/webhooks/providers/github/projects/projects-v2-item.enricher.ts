import { field, oneLine, str } from '../../event-text';
import type { EnrichableEvent, Enrichment, EnrichmentContext, EventEnricher } from '../../event-enricher';
import { GraphqlAnswer, GraphqlError, GithubRefusedError, queryGithub } from './github-graphql';
import { knownProjectItem, ProjectItemExtra, ProjectItemRefs, projectItemRefs } from './projects-v2-item';

const num = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

/**
 * One query for what a project item message needs. `node(id:)` per id: the project, the item's
 * content (an Issue, PullRequest or DraftIssue; asked by its own id, so a deleted item's issue is
 * still found), and the changed field's name when the payload lacks it (older payloads do).
 */
export function projectItemQuery(refs: ProjectItemRefs): { query: string; variables: Record<string, string> } {
  const parts = [`project: node(id: $projectId) { ... on ProjectV2 { title url number } }`];
  const variables: Record<string, string> = { projectId: refs.projectId ?? '' };
  if (refs.contentId) {
    parts.push(
      'content: node(id: $contentId) { __typename ... on Issue { title url number } ' +
        '... on PullRequest { title url number } ... on DraftIssue { title } }',
    );
    variables.contentId = refs.contentId;
  }
  if (refs.fieldId && !refs.fieldName) {
    parts.push('field: node(id: $fieldId) { ... on ProjectV2FieldCommon { name dataType } }');
    variables.fieldId = refs.fieldId;
  }
  const declarations = Object.keys(variables).map((name) => `$${name}: ID!`);
  return { query: `query SwitchyardProjectItem(${declarations.join(', ')}) { ${parts.join(' ')} }`, variables };
}

/**
 * Why an aliased part of the answer is missing: GitHub's error for it, an error about the whole
 * query (no path: a validation error), or else the node was of another type.
 */
function missing(alias: string, what: string, errors: GraphqlError[]): string {
  const error = errors.find((e) => e.path?.[0] === alias) ?? errors.find((e) => !e.path);
  return error
    ? `GitHub could not resolve the ${what}${error.type ? ` (${error.type})` : ''}: ${oneLine(error.message, 160)}`
    : `GitHub did not return the ${what}`;
}

/** Merges the answer into what the payload says; each part GitHub did not give is a reason to report. */
export function mergeAnswer(refs: ProjectItemRefs, answer: GraphqlAnswer): Enrichment {
  const extra: ProjectItemExtra = knownProjectItem(refs);
  const problems: string[] = [];
  const project = answer.data?.project;
  if (str(field(project, 'title'))) {
    extra.project = { ...extra.project, title: str(field(project, 'title')), url: str(field(project, 'url')) };
    const number = num(field(project, 'number'));
    if (number !== undefined) extra.project.number = number;
  } else {
    problems.push(missing('project', 'project', answer.errors));
  }
  if (refs.contentId) {
    const content = answer.data?.content;
    const title = str(field(content, 'title'));
    if (title !== undefined) {
      extra.item = { ...extra.item, type: str(field(content, '__typename')) ?? extra.item.type, title };
      const url = str(field(content, 'url'));
      const number = num(field(content, 'number'));
      if (url) extra.item.url = url;
      if (number !== undefined) extra.item.number = number;
    } else {
      problems.push(missing('content', 'item’s content', answer.errors));
    }
  }
  if (extra.field && !extra.field.name) {
    const name = str(field(answer.data?.field, 'name'));
    const dataType = str(field(answer.data?.field, 'dataType'));
    if (name) extra.field = { ...extra.field, name, type: extra.field.type ?? dataType?.toLowerCase() };
    else problems.push(missing('field', 'field', answer.errors));
  }
  const result = extra as unknown as Record<string, unknown>;
  return problems.length === 0
    ? { status: 'enriched', extra: result }
    : { status: 'failed', reason: problems.join('; '), extra: result };
}

/**
 * GitHub Projects (v2) item events carry node ids only; this resolves the project (title, url)
 * and the item (issue or pull request title and url, or a draft's title) through GraphQL.
 */
export class ProjectsV2ItemEnricher implements EventEnricher {
  appliesTo(eventType: string): boolean {
    return eventType === 'github.projects_v2_item' || eventType.startsWith('github.projects_v2_item.');
  }

  known(event: EnrichableEvent): Record<string, unknown> {
    return knownProjectItem(projectItemRefs(event.payload)) as unknown as Record<string, unknown>;
  }

  async enrich(event: EnrichableEvent, { config, signal }: EnrichmentContext): Promise<Enrichment> {
    const refs = projectItemRefs(event.payload);
    const extra = this.known(event);
    if (!refs.projectId) {
      return { status: 'failed', reason: 'The payload has no projects_v2_item.project_node_id', extra };
    }
    const token = config.github.token;
    if (!token) return { status: 'failed', reason: 'GITHUB_TOKEN is not set', extra };
    const { query, variables } = projectItemQuery(refs);
    try {
      return mergeAnswer(refs, await queryGithub({ token, apiUrl: config.github.apiUrl }, query, variables, signal));
    } catch (error) {
      if (error instanceof GithubRefusedError) return { status: 'failed', reason: error.message, extra };
      throw error;
    }
  }
}
