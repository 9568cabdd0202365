import type { APIEmbed } from 'discord.js';
import { JOB_STATES } from '../../../jobs/job-state';
import { escapeMarkdown } from '../../../routing/formatters/markdown';
import type { Attention } from '../../../status/attention.service';
import type { SystemStatus } from '../../../status/system-status.service';
import { clip, COLOURS, duration, secondsSince } from './format';

const FIELD_MAX = 1024;

const WORKER_STALE_SECONDS = 90;

/** What needs a person, one line each: open alerts, and channels held by a dead post. */
function attentionLines(attention: Attention, now: number): string[] {
  return [
    ...attention.alerts.map(
      (a) =>
        `⚠️ **${escapeMarkdown(a.kind)}** (${duration(secondsSince(a.raisedAt, now))}): ${escapeMarkdown(a.message)}`,
    ),
    ...attention.heldChannels.map(
      (c) =>
        `⛔ <#${c.channelId}> is held by dead post \`${c.jobId}\` (${duration(secondsSince(c.since, now))}): retry or discard it with \`/job id:${c.jobId}\``,
    ),
  ];
}

/** /status as one embed: what needs attention, queues, the oldest waiting job, webhooks per source, the workers. */
export function statusEmbed(status: SystemStatus, attention?: Attention, now = Date.now()): APIEmbed {
  const busy = status.queues.filter((q) => Object.values(q.counts).some((n) => n > 0));
  const queueLines = busy.map(
    (q) =>
      `**${q.queue}**: ${JOB_STATES.filter((state) => q.counts[state])
        .map((state) => `${q.counts[state]} ${state}`)
        .join(', ')}`,
  );
  const sourceLines = status.sources.map(
    (s) =>
      `**${escapeMarkdown(s.slug)}**${s.enabled ? '' : ' (disabled)'}: ${
        s.lastReceivedAt ? `last webhook ${duration(secondsSince(s.lastReceivedAt, now))} ago` : 'no webhook yet'
      }`,
  );
  const { worker } = status;
  const workerLine =
    worker.ageSeconds === null
      ? '⚠️ no worker is running: jobs are not being processed'
      : `${worker.workers} worker process${worker.workers === 1 ? '' : 'es'}, last heartbeat ${duration(worker.ageSeconds)} ago${
          worker.ageSeconds > WORKER_STALE_SECONDS ? ' ⚠️' : ''
        }`;
  const needs = attention ? attentionLines(attention, now) : [];
  const healthy = worker.ageSeconds !== null && worker.ageSeconds <= WORKER_STALE_SECONDS && needs.length === 0;
  return {
    title: 'Switchyard status',
    color: healthy ? COLOURS.ok : COLOURS.bad,
    fields: [
      ...(needs.length > 0 ? [{ name: 'Needs attention', value: clip(needs.join('\n'), FIELD_MAX) }] : []),
      { name: 'Queues', value: clip(queueLines.join('\n'), FIELD_MAX) || 'All queues are empty.' },
      {
        name: 'Oldest queued job',
        value: status.oldestQueued
          ? `${status.oldestQueued.queue}, waiting ${duration(status.oldestQueued.ageSeconds)}`
          : 'Nothing is waiting.',
      },
      { name: 'Webhooks', value: clip(sourceLines.join('\n'), FIELD_MAX) || 'No sources are set up.' },
      { name: 'Workers', value: workerLine },
    ],
    timestamp: new Date(now).toISOString(),
  };
}
