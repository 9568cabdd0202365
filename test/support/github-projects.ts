import { randomUUID } from 'node:crypto';

/** Node ids as GitHub shapes them (prefix by type). */
export const PROJECT_ID = 'PVT_kwDOAWcTxs4AjT9x';
export const OTHER_PROJECT_ID = 'PVT_kwDOAWcTxs4AkZZZ';
export const ISSUE_ID = 'I_kwDOAWcTxs6fVxq1';
export const DRAFT_ID = 'DI_lADOAWcTxs4AjT9xzgHh7Q0';
export const STATUS_FIELD_ID = 'PVTSSF_lADOAWcTxs4AjT9xzgdxJ8c';
export const DUE_FIELD_ID = 'PVTF_lADOAWcTxs4AjT9xzgdxJ9A';
export const LABELS_FIELD_ID = 'PVTF_lADOAWcTxs4AjT9xzgdxJ7k';

const sender = {
  login: 'octocat',
  id: 583231,
  node_id: 'MDQ6VXNlcjU4MzIzMQ==',
  html_url: 'https://github.com/octocat',
  type: 'User',
  site_admin: false,
};

/**
 * A `projects_v2_item` webhook payload as an organization webhook sends it: node ids only for the
 * project, the item and its content; `changes` as given (field values for `edited`).
 */
export function projectItemPayload(options: {
  action: string;
  contentId?: string;
  contentType?: 'Issue' | 'PullRequest' | 'DraftIssue';
  projectId?: string;
  changes?: Record<string, unknown>;
}): Record<string, unknown> {
  return {
    action: options.action,
    projects_v2_item: {
      id: 118273645,
      node_id: `PVTI_lADOAWcTxs4AjT9xzg${randomUUID().slice(0, 6)}`,
      project_node_id: options.projectId ?? PROJECT_ID,
      content_node_id: options.contentId ?? ISSUE_ID,
      content_type: options.contentType ?? 'Issue',
      creator: sender,
      created_at: '2025-02-20T09:12:44Z',
      updated_at: '2025-02-21T14:03:10Z',
      archived_at: null,
    },
    ...(options.changes ? { changes: options.changes } : {}),
    organization: { login: 'acme', id: 38302899, node_id: 'MDEyOk9yZ2FuaXphdGlvbjM4MzAyODk5' },
    sender,
  };
}

/** `changes` of a single-select edit, as GitHub sends it today (field name and option objects). */
export const statusChange = (from: string | null, to: string | null) => ({
  field_value: {
    field_node_id: STATUS_FIELD_ID,
    field_type: 'single_select',
    field_name: 'Status',
    project_number: 7,
    from: from && { id: 'f75ad846', name: from, color: 'GRAY', description: '' },
    to: to && { id: '47fc9ee4', name: to, color: 'YELLOW', description: '' },
  },
});

/** Nodes of the board, for the fake GraphQL endpoint. */
export const BOARD_NODES = {
  [PROJECT_ID]: {
    __typename: 'ProjectV2',
    title: 'Conference 2025',
    url: 'https://github.com/orgs/acme/projects/7',
    number: 7,
  },
  [ISSUE_ID]: {
    __typename: 'Issue',
    title: 'Book the keynote venue',
    url: 'https://github.com/acme/events/issues/12',
    number: 12,
  },
  [DRAFT_ID]: { __typename: 'DraftIssue', title: 'Order lanyards' },
  [LABELS_FIELD_ID]: { __typename: 'ProjectV2Field', name: 'Labels', dataType: 'LABELS' },
} as const;
