import type { FormattableEvent } from './event-message';
import { formatProjectsV2Item } from './github-projects.formatter';
import { at, clip, escapeMarkdown, link, text } from './markdown';

const who = (payload: unknown) => {
  const login = text(at(payload, 'sender.login'));
  return login ? link(login, at(payload, 'sender.html_url')) : 'someone';
};
const repo = (payload: unknown) =>
  link(text(at(payload, 'repository.full_name')) ?? 'a repository', at(payload, 'repository.html_url'));

/** One or two lines per GitHub event, linked; undefined for events it does not know. */
export function formatGithub(event: FormattableEvent): string | undefined {
  const p = event.payload;
  const action = text(at(p, 'action'));
  switch (event.providerType) {
    case 'ping':
      return `🏓 GitHub webhook for ${repo(p)} is connected.`;
    case 'push': {
      const commits = Array.isArray(at(p, 'commits')) ? (at(p, 'commits') as unknown[]) : [];
      const branch = (text(at(p, 'ref')) ?? '').replace(/^refs\/heads\//, '');
      const lines = commits
        .slice(0, 5)
        .map((c) => `• ${link(clip(text(at(c, 'message'))?.split('\n')[0] ?? 'commit', 80), at(c, 'url'))}`);
      const more = commits.length > 5 ? [`…and ${commits.length - 5} more`] : [];
      return [
        `⬆️ ${who(p)} pushed ${commits.length} commit${commits.length === 1 ? '' : 's'} to ${escapeMarkdown(branch)} in ${repo(p)}`,
        ...lines,
        ...more,
      ].join('\n');
    }
    case 'pull_request': {
      const merged = action === 'closed' && at(p, 'pull_request.merged') === true;
      const title = link(
        `#${String(at(p, 'pull_request.number'))} ${text(at(p, 'pull_request.title')) ?? ''}`,
        at(p, 'pull_request.html_url'),
      );
      return `🔀 ${who(p)} ${merged ? 'merged' : escapeMarkdown(action ?? 'updated')} pull request ${title} in ${repo(p)}`;
    }
    case 'issues': {
      const title = link(
        `#${String(at(p, 'issue.number'))} ${text(at(p, 'issue.title')) ?? ''}`,
        at(p, 'issue.html_url'),
      );
      return `🐛 ${who(p)} ${escapeMarkdown(action ?? 'updated')} issue ${title} in ${repo(p)}`;
    }
    case 'issue_comment': {
      const title = link(
        `#${String(at(p, 'issue.number'))} ${text(at(p, 'issue.title')) ?? ''}`,
        at(p, 'comment.html_url'),
      );
      const body = text(at(p, 'comment.body'));
      return `💬 ${who(p)} commented on ${title} in ${repo(p)}${body ? `\n> ${escapeMarkdown(clip(body.replace(/\s+/g, ' ')))}` : ''}`;
    }
    case 'release':
      return `🚀 ${who(p)} ${escapeMarkdown(action ?? 'updated')} release ${link(text(at(p, 'release.name')) ?? text(at(p, 'release.tag_name')) ?? 'release', at(p, 'release.html_url'))} in ${repo(p)}`;
    case 'workflow_run': {
      const conclusion = text(at(p, 'workflow_run.conclusion'));
      const icon = conclusion === 'success' ? '✅' : conclusion === 'failure' ? '❌' : '⚙️';
      return `${icon} Workflow ${link(text(at(p, 'workflow_run.name')) ?? 'run', at(p, 'workflow_run.html_url'))} ${escapeMarkdown(conclusion ?? action ?? 'updated')} in ${repo(p)}`;
    }
    case 'projects_v2_item':
      return formatProjectsV2Item(event);
    default:
      return undefined;
  }
}
