import { githubSignature } from '../../test/senders/github';

const API = 'https://api.github.com';

function user(login: string, id: number, type = 'User') {
  return {
    login,
    id,
    node_id: Buffer.from(`04:${type}${id}`).toString('base64'),
    avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
    gravatar_id: '',
    url: `${API}/users/${login}`,
    html_url: `https://github.com/${login}`,
    type,
    user_view_type: 'public',
    site_admin: false,
  };
}

function repository(owner: ReturnType<typeof user>) {
  const full = `${owner.login}/api`;
  return {
    id: 1296269,
    node_id: 'MDEwOlJlcG9zaXRvcnkxMjk2MjY5',
    name: 'api',
    full_name: full,
    private: true,
    owner,
    html_url: `https://github.com/${full}`,
    description: 'The Acme API: orders, invoices and the webhooks that glue them together.',
    fork: false,
    url: `${API}/repos/${full}`,
    created_at: '2019-01-26T19:01:12Z',
    updated_at: '2026-11-23T08:32:11Z',
    pushed_at: '2026-11-23T09:12:44Z',
    git_url: `git://github.com/${full}.git`,
    ssh_url: `git@github.com:${full}.git`,
    clone_url: `https://github.com/${full}.git`,
    size: 48213,
    stargazers_count: 41,
    watchers_count: 41,
    language: 'TypeScript',
    has_issues: true,
    forks_count: 3,
    open_issues_count: 17,
    topics: ['api', 'orders', 'webhooks'],
    visibility: 'private',
    default_branch: 'main',
    allow_squash_merge: true,
  };
}

/**
 * A `pull_request` `opened` delivery shaped like GitHub's (about 7.6 KB): full user objects, the
 * repository three times (head, base, top level), links, labels, reviewers and a multi-paragraph
 * description. Every field Switchyard reads is where GitHub puts it.
 */
export function pullRequestPayload(): Record<string, unknown> {
  const org = user('acme', 9919, 'Organization');
  const author = user('octocat', 583231);
  const reviewer = user('hubot', 1024025);
  const repo = repository(org);
  const number = 1347;
  const prUrl = `${API}/repos/${repo.full_name}/pulls/${number}`;
  const issueUrl = `${API}/repos/${repo.full_name}/issues/${number}`;
  const head = '6dcb09b5b57875f334f61aebed695e2e4193db5e';
  const description = [
    'The Discord poster gave up on the first 5xx. This change retries 429 and 5xx answers with exponential',
    'backoff and honours `retry_after`, so a Discord hiccup no longer drops messages.',
    '',
    '## Changes',
    '- retry 429 and 5xx with backoff (base 5 s, max 300 s), honouring retry_after',
    '- a nonce per message so a retried post is never shown twice',
    '- split content over 2000 characters into several messages, in order',
    '',
    '## Testing',
    'Unit tests for the backoff schedule; an e2e test against the loopback fake Discord.',
    '',
    'Closes #1290.',
  ].join('\n');
  return {
    action: 'opened',
    number,
    pull_request: {
      url: prUrl,
      id: 2018445129,
      node_id: 'PR_kwDOABPHjc54TqlJ',
      html_url: `https://github.com/${repo.full_name}/pull/${number}`,
      diff_url: `https://github.com/${repo.full_name}/pull/${number}.diff`,
      patch_url: `https://github.com/${repo.full_name}/pull/${number}.patch`,
      issue_url: issueUrl,
      number,
      state: 'open',
      locked: false,
      title: 'Retry Discord posts with exponential backoff and honour retry_after',
      user: author,
      body: description,
      created_at: '2026-11-23T09:12:44Z',
      updated_at: '2026-11-23T09:12:44Z',
      closed_at: null,
      merged_at: null,
      merge_commit_sha: null,
      assignee: null,
      assignees: [],
      requested_reviewers: [reviewer],
      requested_teams: [],
      labels: [
        { id: 208045946, name: 'enhancement', color: 'a2eeef', default: true, description: 'New feature' },
        { id: 208045947, name: 'discord', color: '5865f2', default: false, description: 'Discord delivery' },
      ],
      milestone: null,
      draft: false,
      commits_url: `${prUrl}/commits`,
      review_comments_url: `${prUrl}/comments`,
      comments_url: `${issueUrl}/comments`,
      statuses_url: `${API}/repos/${repo.full_name}/statuses/${head}`,
      head: { label: 'acme:feature/backoff', ref: 'feature/backoff', sha: head, user: org, repo },
      base: {
        label: 'acme:main',
        ref: 'main',
        sha: '9049f1265b7d61be4a8904a9a27120d2064dab3b',
        user: org,
        repo,
      },
      _links: {
        self: { href: prUrl },
        html: { href: `https://github.com/${repo.full_name}/pull/${number}` },
        issue: { href: issueUrl },
        comments: { href: `${issueUrl}/comments` },
        commits: { href: `${prUrl}/commits` },
      },
      author_association: 'MEMBER',
      auto_merge: null,
      merged: false,
      mergeable: null,
      rebaseable: null,
      mergeable_state: 'unknown',
      comments: 0,
      review_comments: 0,
      maintainer_can_modify: false,
      commits: 3,
      additions: 120,
      deletions: 14,
      changed_files: 6,
    },
    repository: repo,
    organization: {
      login: org.login,
      id: org.id,
      node_id: org.node_id,
      url: `${API}/orgs/acme`,
      avatar_url: org.avatar_url,
      description: 'Orders and invoices',
    },
    sender: author,
  };
}

/** Headers as GitHub sends them; the signature is over exactly `body`. X-GitHub-Delivery is per request. */
export function githubHeaders(body: string, secret: string): Record<string, string> {
  return {
    'content-type': 'application/json',
    'user-agent': 'GitHub-Hookshot/5f2c1a9',
    'x-github-event': 'pull_request',
    'x-github-hook-id': '456789123',
    'x-github-hook-installation-target-id': '1296269',
    'x-github-hook-installation-target-type': 'repository',
    'x-hub-signature-256': githubSignature(secret, body),
  };
}
