import type { APIEmbed } from 'discord.js';
import { JOB_STATES } from '../../../jobs/job-state';
import { escapeMarkdown } from '../../../routing/formatters/markdown';
import type { SystemStatus } from '../../../status/system-status.service';
import { clip, COLOURS, duration, secondsSince } from './format';

const FIELD_MAX = 1024;

const WORKER_STALE_SECONDS = 90;

/** /status as one embed: queues, the oldest waiting job, webhooks per source, the workers. */
export function statusEmbed(status: SystemStatus, now = Date.now()): APIEmbed {
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
  const healthy = worker.ageSeconds !== null && worker.ageSeconds <= WORKER_STALE_SECONDS;
  return {
    title: 'Switchyard status',
    color: healthy ? COLOURS.ok : COLOURS.bad,
    fields: [
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
