const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const field = (value: unknown, key: string): unknown =>
  value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;

/** "acme/api: pull_request opened #42 by octocat" — one line for logs and lists. */
export function describeGithubEvent(
  event: string,
  action: string | undefined,
  payload: Record<string, unknown>,
): string {
  const where = str(field(payload.repository, 'full_name')) ?? str(field(payload.organization, 'login')) ?? 'GitHub';
  const number = field(payload.pull_request, 'number') ?? field(payload.issue, 'number');
  const who = str(field(payload.sender, 'login'));
  return [
    `${where}: ${event.replace(/_/g, ' ')}`,
    action,
    typeof number === 'number' ? `#${number}` : undefined,
    who ? `by ${who}` : undefined,
  ]
    .filter(Boolean)
    .join(' ');
}
