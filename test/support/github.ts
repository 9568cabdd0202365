import { randomUUID } from 'node:crypto';
import { githubSignature } from '../senders/github';
import { TEST_GITHUB_SECRET } from './switchyard';

/** A pull_request.opened payload shaped like GitHub's (trimmed, but every field routing reads). */
export function pullRequestPayload(number = 42): Record<string, unknown> {
  return {
    action: 'opened',
    number,
    pull_request: {
      number,
      title: 'Add retry with backoff to the Discord poster',
      html_url: `https://github.com/acme/api/pull/${number}`,
      user: { login: 'octocat', id: 583231 },
      body: 'Closes #12. Retries 429 and 5xx with exponential backoff.',
      draft: false,
      head: { ref: 'feature/backoff', sha: '6dcb09b5b57875f334f61aebed695e2e4193db5e' },
      base: { ref: 'main' },
    },
    repository: { id: 1296269, full_name: 'acme/api', html_url: 'https://github.com/acme/api', private: true },
    organization: { login: 'acme' },
    sender: { login: 'octocat', id: 583231 },
  };
}

/** Headers exactly as GitHub sends them for this body. */
export function githubHeaders(
  body: string,
  event = 'pull_request',
  options: { secret?: string; delivery?: string } = {},
) {
  return {
    'content-type': 'application/json',
    'user-agent': 'GitHub-Hookshot/a1b2c3d',
    'x-github-event': event,
    'x-github-delivery': options.delivery ?? randomUUID(),
    'x-github-hook-id': '123456789',
    'x-hub-signature-256': githubSignature(options.secret ?? TEST_GITHUB_SECRET, body),
  };
}

export function postGithub(
  baseUrl: string,
  payload: unknown,
  event = 'pull_request',
  options: { secret?: string; delivery?: string } = {},
) {
  const body = JSON.stringify(payload);
  return fetch(`${baseUrl}/webhooks/github`, { method: 'POST', headers: githubHeaders(body, event, options), body });
}
