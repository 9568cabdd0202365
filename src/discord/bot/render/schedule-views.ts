import type { APIEmbed } from 'discord.js';
import type { ScheduledMessage } from '../../schedules/scheduled-messages.service';
import { clip, code, COLOURS, discordTime } from './format';

const when = (s: ScheduledMessage) => `${code(s.cron)} (${s.timezone})`;

export function scheduledEmbed(s: ScheduledMessage): APIEmbed {
  return {
    title: `Scheduled message #${s.id}`,
    color: COLOURS.ok,
    fields: [
      { name: 'When', value: when(s), inline: true },
      { name: 'Channel', value: `<#${s.channelId}>`, inline: true },
      { name: 'Next posts', value: s.next.map((date) => discordTime(date, 'F')).join('\n') },
      { name: 'Message', value: clip(s.message, 1024) },
    ],
    footer: { text: `Remove it with /schedule remove id:${s.id}` },
  };
}

/** Keeps the embed well under Discord's 6,000 characters in all. */
const LISTED = 10;

export function schedulesEmbed(schedules: ScheduledMessage[]): APIEmbed {
  if (schedules.length === 0) {
    return {
      title: 'Scheduled messages',
      color: COLOURS.neutral,
      description: 'None yet: add one with /schedule add.',
    };
  }
  const shown = schedules.slice(0, LISTED);
  return {
    title: 'Scheduled messages',
    color: COLOURS.busy,
    fields: shown.map((s) => ({
      name: `#${s.id} · ${s.cron} (${s.timezone})`,
      value: clip(
        [
          `to <#${s.channelId}>, next ${discordTime(s.next[0]!, 'R')}`,
          s.lastFiredAt ? `posted ${s.fireCount}×, last ${discordTime(s.lastFiredAt, 'R')}` : 'not posted yet',
          `> ${clip(s.message.replace(/\n/g, ' '), 150)}`,
        ].join('\n'),
        400,
      ),
    })),
    footer:
      shown.length < schedules.length
        ? { text: `Showing the first ${LISTED} of ${schedules.length}; /schedule remove takes any id` }
        : undefined,
  };
}

export function removedEmbed(s: ScheduledMessage): APIEmbed {
  return {
    title: `Removed scheduled message #${s.id}`,
    color: COLOURS.neutral,
    description: `${when(s)} to <#${s.channelId}> will not post again.\n> ${clip(s.message.replace(/\n/g, ' '), 300)}`,
  };
}
