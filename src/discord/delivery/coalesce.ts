import { embedSize } from './clamp-embeds';
import { DiscordMessage, LIMITS } from './discord-message';

/** One queued post: its job and its messages, already split to Discord's limits. */
export interface QueuedPost {
  jobId: string;
  messages: DiscordMessage[];
  /** false: never merged with other posts (the rule's `coalesce=off`). */
  coalesce: boolean;
}

/** One message to send, and the jobs whose messages it contains, in order. */
export interface PlannedPart {
  message: DiscordMessage;
  jobIds: string[];
}

export interface PostPlan {
  parts: PlannedPart[];
  /** The queued jobs (after the carrier) whose messages the parts carry. */
  carried: string[];
}

const mentionsOf = (message: DiscordMessage) => JSON.stringify(message.allowed_mentions?.parse ?? []);

/**
 * `next` appended to `part` as one message, or undefined when Discord's limits (2,000 characters
 * of content, 10 embeds, 6,000 characters of embeds) or the reading order forbid it: content shows
 * above embeds, so nothing with content may follow a message that has embeds, and a message that
 * pings differently keeps its own allowed_mentions.
 */
function merged(part: DiscordMessage, next: DiscordMessage): DiscordMessage | undefined {
  if (mentionsOf(part) !== mentionsOf(next)) return undefined;
  if (part.embeds?.length && next.content) return undefined;
  const content = [part.content, next.content].filter((text) => text).join('\n');
  if (content.length > LIMITS.content) return undefined;
  const embeds = [...(part.embeds ?? []), ...(next.embeds ?? [])];
  if (embeds.length > LIMITS.embedsPerMessage) return undefined;
  if (embeds.reduce((sum, embed) => sum + embedSize(embed), 0) > LIMITS.embedTotal) return undefined;
  return {
    ...(content ? { content } : {}),
    ...(embeds.length ? { embeds } : {}),
    ...(part.allowed_mentions ? { allowed_mentions: part.allowed_mentions } : {}),
  };
}

function append(parts: PlannedPart[], post: QueuedPost, mergeable: boolean): PlannedPart[] {
  const out = parts.map((part) => ({ ...part, jobIds: [...part.jobIds] }));
  for (const [index, message] of post.messages.entries()) {
    const last = out[out.length - 1];
    // A post's own parts were split on purpose; only its first may join the previous post's last.
    const joined = mergeable && index === 0 && last ? merged(last.message, message) : undefined;
    if (joined) {
      last!.message = joined;
      if (!last!.jobIds.includes(post.jobId)) last!.jobIds.push(post.jobId);
    } else {
      out.push({ message, jobIds: [post.jobId] });
    }
  }
  return out;
}

/**
 * The parts the carrier job posts: its own messages, then those of the posts queued behind it for
 * the same channel, merged into as few messages as Discord's limits allow, every message whole and
 * in order (the carried ones start a part of their own). Takes queued posts while the plan stays within `maxParts` (the carrier's own always),
 * and stops at the first post that must not be coalesced.
 */
export function planPosts(carrier: QueuedPost, queued: readonly QueuedPost[], maxParts: number): PostPlan {
  let parts = append([], carrier, false);
  const carried: string[] = [];
  if (!carrier.coalesce) return { parts, carried };
  for (const post of queued) {
    if (!post.coalesce) break;
    // The carrier's own parts stay as they were enqueued: an attempt made before this plan existed
    // may have sent them with their nonces already.
    const next = append(parts, post, carried.length > 0);
    if (next.length > Math.max(maxParts, parts.length)) break;
    parts = next;
    carried.push(post.jobId);
  }
  return { parts, carried };
}
