/**
 * The routing the chaos scenarios install, and so what the ledger expects: deliveries go to six
 * repositories; r0–r3 post to a channel each, r0 and r1 also to a mirror channel, r4 and r5 match
 * no rule. One event makes 0, 1 or 2 posts, each naming the event's id so the fake Discord's log
 * can be matched back to the inbox.
 */
export const REPOSITORIES = 6;
export const repositoryOf = (n: number): string => `acme/r${n % REPOSITORIES}`;

export const CHANNELS = {
  r0: '950000000000000000',
  r1: '950000000000000001',
  r2: '950000000000000002',
  r3: '950000000000000003',
  mirror: '950000000000000009',
} as const;

const TEXT = 'chaos {{ event.id | raw }}';

export const RULES: string[] = [
  ...(['r0', 'r1', 'r2', 'r3'] as const).map(
    (repo) =>
      `when github.pull_request.* where repository.full_name == "acme/${repo}" then discord.post channel=${CHANNELS[repo]} text="${TEXT}"`,
  ),
  `when github.pull_request.* where repository.full_name in ["acme/r0","acme/r1"] then discord.post channel=${CHANNELS.mirror} text="${TEXT}"`,
];

/** The channels an event of `repository` must be posted to. */
export function expectedChannels(repository: string): string[] {
  const repo = /^acme\/(r\d+)$/.exec(repository)?.[1];
  const own = repo && repo in CHANNELS ? [CHANNELS[repo as keyof typeof CHANNELS]] : [];
  return repo === 'r0' || repo === 'r1' ? [...own, CHANNELS.mirror] : own;
}

/** The event id a post names, if it is one of ours. */
export const eventIdIn = (content: string | undefined): string | undefined =>
  /^chaos ([0-9a-f-]{36})$/.exec(content ?? '')?.[1];
