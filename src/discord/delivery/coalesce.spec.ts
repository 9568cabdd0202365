import type { DiscordMessage } from './discord-message';
import { planPosts, QueuedPost } from './coalesce';

const none = { parse: [] as ('users' | 'roles' | 'everyone')[] };
const post = (jobId: string, ...contents: string[]): QueuedPost => ({
  jobId,
  coalesce: true,
  messages: contents.map((content): DiscordMessage => ({ content, allowed_mentions: none })),
});

describe('planPosts', () => {
  it('merges queued posts into messages of at most 2,000 characters, whole and in order', () => {
    const lines = Array.from({ length: 200 }, (_, i) => post(`job-${i}`, `event ${i} `.padEnd(79, '.')));
    const plan = planPosts(lines[0]!, lines.slice(1), 50);
    expect(plan.carried).toHaveLength(199);
    expect(plan.parts.length).toBe(1 + Math.ceil((199 * 80) / 2000));
    for (const part of plan.parts) expect(part.message.content!.length).toBeLessThanOrEqual(2000);
    const text = plan.parts.map((part) => part.message.content).join('\n');
    expect(text.split('\n')).toEqual(lines.map((p) => p.messages[0]!.content));
    expect(plan.parts.flatMap((part) => part.jobIds)).toEqual(lines.map((p) => p.jobId));
  });

  it('stops taking queued posts at the part limit (the carrier’s own parts always fit)', () => {
    const big = 'x'.repeat(1500);
    const queued = [post('b', big), post('c', big), post('d', big)];
    const plan = planPosts(post('a', big, big, big), queued, 4);
    expect(plan.parts).toHaveLength(4);
    expect(plan.carried).toEqual(['b']);
  });

  it('does not merge across mentions, after embeds, or a post that must stay alone', () => {
    const pinging: QueuedPost = {
      jobId: 'ping',
      coalesce: true,
      messages: [{ content: '<@1> look', allowed_mentions: { parse: ['users'] } }],
    };
    const embedded: QueuedPost = {
      jobId: 'embed',
      coalesce: true,
      messages: [{ content: 'with card', embeds: [{ title: 'card' }], allowed_mentions: none }],
    };
    const embedOnly: QueuedPost = {
      jobId: 'embed-only',
      coalesce: true,
      messages: [{ embeds: [{ title: 'second card' }], allowed_mentions: none }],
    };
    const alone = { ...post('alone', 'by itself'), coalesce: false };
    const plan = planPosts(
      post('a', 'one'),
      [pinging, embedded, embedOnly, post('b', 'after'), alone, post('c', 'x')],
      10,
    );
    expect(plan.parts.map((part) => part.jobIds)).toEqual([['a'], ['ping'], ['embed', 'embed-only'], ['b']]);
    expect(plan.parts[2]!.message.embeds).toHaveLength(2);
    expect(plan.carried).toEqual(['ping', 'embed', 'embed-only', 'b']);
  });

  it('takes nothing when the carrier itself must stay alone', () => {
    const plan = planPosts({ ...post('a', 'one'), coalesce: false }, [post('b', 'two')], 10);
    expect(plan).toEqual({
      parts: [{ message: { content: 'one', allowed_mentions: none }, jobIds: ['a'] }],
      carried: [],
    });
  });
});
