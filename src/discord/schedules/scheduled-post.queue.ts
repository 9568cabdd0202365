import { defineQueue } from '../../platform/queue/queue-definition';

export interface ScheduledPostPayload {
  scheduleId: number;
}

/**
 * One job per occurrence of a scheduled message, created by pg-boss's cron pass (once however
 * many workers run); its handler enqueues the `discord.post`. Schedules are keyed by the row id.
 */
export const scheduledPostQueue = defineQueue<ScheduledPostPayload>('discord.scheduled-post');
