import { ButtonStyle, ComponentType } from 'discord.js';
import type { JobView } from '../../../jobs/job-view';
import { escapeMarkdown } from '../../../routing/formatters/markdown';
import type { BotReply } from '../interactions/bot-reply';
import { errorText } from './job-card';
import { clip, code, COLOURS, discordTime } from './format';

/** Paging buttons' custom ids are `jobs-failed/<page>`. */
export const FAILED_PAGE_BUTTON = 'jobs-failed';
export const FAILED_PAGE_SIZE = 5;
/** Discord paging over the newest jobs only; the jobs API pages through all of them. */
export const FAILED_MAX_PAGES = 20;

/** One page of dead jobs, newest first, with Newer/Older buttons. */
export function failedJobsPage(jobs: JobView[], page: number, hasMore: boolean): BotReply {
  if (jobs.length === 0) {
    return {
      embeds: [
        {
          title: 'Dead jobs',
          color: COLOURS.ok,
          description: page === 1 ? 'No dead jobs. 🎉' : 'No more dead jobs.',
        },
      ],
      components: page > 1 ? [buttons(page, false)] : [],
    };
  }
  const older = hasMore && page < FAILED_MAX_PAGES;
  return {
    embeds: [
      {
        title: `Dead jobs, page ${page}`,
        color: COLOURS.bad,
        description: 'Newest first. `/job id:<id>` shows one job, with a retry button for admins.',
        fields: jobs.map((job) => ({
          name: `${job.type} · ${job.attempts}/${job.maxAttempts} attempts`,
          value: [
            `${code(job.id)}${job.finishedAt ? ` ${discordTime(job.finishedAt, 'R')}` : ''}`,
            job.lastError === null ? '' : escapeMarkdown(clip(errorText(job.lastError), 300)),
          ]
            .filter(Boolean)
            .join('\n'),
        })),
      },
    ],
    components: page > 1 || older ? [buttons(page, older)] : [],
  };
}

function buttons(page: number, older: boolean) {
  return {
    type: ComponentType.ActionRow as const,
    components: [
      {
        type: ComponentType.Button as const,
        style: ButtonStyle.Secondary as const,
        label: '← Newer',
        custom_id: `${FAILED_PAGE_BUTTON}/${page - 1}`,
        disabled: page <= 1,
      },
      {
        type: ComponentType.Button as const,
        style: ButtonStyle.Secondary as const,
        label: 'Older →',
        custom_id: `${FAILED_PAGE_BUTTON}/${page + 1}`,
        disabled: !older,
      },
    ],
  };
}
