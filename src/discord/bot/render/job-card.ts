import { APIButtonComponentWithCustomId, APIEmbed, APIEmbedField, ButtonStyle, ComponentType } from 'discord.js';
import type { JobState } from '../../../jobs/job-state';
import type { JobView } from '../../../jobs/job-view';
import { redactCredentials } from '../../../platform/security/redact-credentials';
import type { BotReply } from '../interactions/bot-reply';
import { clip, code, codeBlock, COLOURS, discordTime } from './format';

/** The retry button's custom id is `job-retry/<job id>`; the discard button's `job-discard/<job id>`. */
export const RETRY_BUTTON = 'job-retry';
export const DISCARD_BUTTON = 'job-discard';

const STATE_COLOURS: Record<JobState, number> = {
  queued: COLOURS.neutral,
  running: COLOURS.busy,
  succeeded: COLOURS.ok,
  failed: COLOURS.warn,
  dead: COLOURS.bad,
  canceled: COLOURS.neutral,
};

export const retryable = (job: JobView): boolean => job.state === 'dead' || job.state === 'canceled';

/**
 * The text of a job's last error, whatever shape the handler left it in, without credentials (it may
 * quote a receiver's answer or a URL).
 */
export function errorText(error: unknown): string {
  if (error && typeof error === 'object' && 'message' in error) {
    return redactCredentials(String((error as { message: unknown }).message));
  }
  return redactCredentials(typeof error === 'string' ? error : JSON.stringify(error));
}

/**
 * One job: state, attempts, times and last error; for a viewer who may act on it (`retryButton`),
 * Retry on a dead or canceled job and Discard on a dead one.
 */
export function jobCard(job: JobView, options: { retryButton: boolean; note?: string }): BotReply {
  const fields: APIEmbedField[] = [
    { name: 'State', value: job.state, inline: true },
    { name: 'Attempts', value: `${job.attempts} of ${job.maxAttempts}`, inline: true },
    { name: 'Created', value: discordTime(job.createdAt), inline: true },
  ];
  if (job.state === 'failed') {
    fields.push({ name: 'Next attempt', value: discordTime(job.runAfter, 'R'), inline: true });
  } else if (job.state === 'queued' && new Date(job.runAfter).getTime() > Date.now()) {
    fields.push({ name: 'Runs', value: discordTime(job.runAfter, 'R'), inline: true });
  }
  if (job.startedAt) fields.push({ name: 'Started', value: discordTime(job.startedAt), inline: true });
  if (job.finishedAt) fields.push({ name: 'Finished', value: discordTime(job.finishedAt), inline: true });
  if (job.lastError !== null)
    fields.push({ name: 'Last error', value: codeBlock(clip(errorText(job.lastError), 1000)) });
  const embed: APIEmbed = {
    title: `Job ${job.type}`,
    description: options.note ? `${code(job.id)}\n${options.note}` : code(job.id),
    color: STATE_COLOURS[job.state],
    fields,
  };
  const button = (
    label: string,
    style: ButtonStyle.Primary | ButtonStyle.Danger,
    prefix: string,
  ): APIButtonComponentWithCustomId => ({
    type: ComponentType.Button,
    style,
    label,
    custom_id: `${prefix}/${job.id}`,
  });
  const buttons = options.retryButton
    ? [
        ...(retryable(job) ? [button('Retry', ButtonStyle.Primary, RETRY_BUTTON)] : []),
        ...(job.state === 'dead' ? [button('Discard', ButtonStyle.Danger, DISCARD_BUTTON)] : []),
      ]
    : [];
  return {
    embeds: [embed],
    components: buttons.length > 0 ? [{ type: ComponentType.ActionRow, components: buttons }] : [],
  };
}
