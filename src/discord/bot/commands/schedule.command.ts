import { Injectable } from '@nestjs/common';
import { ChannelType } from 'discord.js';
import {
  ChannelOption,
  Context,
  createCommandGroupDecorator,
  IntegerOption,
  Options,
  type SlashCommandContext,
  StringOption,
  Subcommand,
} from 'necord';
import { LIMITS } from '../../delivery/discord-message';
import { ScheduledMessagesService } from '../../schedules/scheduled-messages.service';
import { CommandRunner } from '../interactions/command-runner';
import { invocation } from '../interactions/invocation';
import { removedEmbed, scheduledEmbed, schedulesEmbed } from '../render/schedule-views';

const ScheduleGroup = createCommandGroupDecorator({ name: 'schedule', description: 'Messages posted on a schedule' });

class ScheduleAddOptions {
  @StringOption({
    name: 'cron',
    description: 'When, as cron: minute hour day month weekday. "0 9 * * 1" = Mondays 09:00',
    required: true,
    max_length: 100,
  })
  cron!: string;

  @ChannelOption({
    name: 'channel',
    description: 'Where to post',
    required: true,
    channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement],
  })
  channel!: { id: string };

  @StringOption({
    name: 'message',
    description: 'What to post (user and role mentions ping; @everyone does not)',
    required: true,
    max_length: LIMITS.content,
  })
  message!: string;

  @StringOption({
    name: 'timezone',
    description: 'Time zone of the cron times, e.g. Europe/Berlin (default UTC)',
    required: false,
    max_length: 64,
  })
  timezone?: string | null;
}

class ScheduleRemoveOptions {
  @IntegerOption({ name: 'id', description: 'The number shown by /schedule list', required: true, min_value: 1 })
  id!: number;
}

/** `/schedule add|list|remove` (admins). Changes are audited with the schedule, in one transaction. */
@Injectable()
@ScheduleGroup()
export class ScheduleCommands {
  constructor(
    private readonly runner: CommandRunner,
    private readonly schedules: ScheduledMessagesService,
  ) {}

  @Subcommand({ name: 'add', description: 'Post a message on a cron schedule (admins)' })
  add(@Context() [interaction]: SlashCommandContext, @Options() options: ScheduleAddOptions) {
    return this.runner.run(interaction, { name: '/schedule add', admin: true }, async (actor) => {
      const scheduled = await this.schedules.add(
        {
          cron: options.cron,
          timezone: options.timezone ?? undefined,
          channelId: options.channel.id,
          guildId: interaction.guildId,
          message: options.message,
        },
        { source: 'discord', actor, data: invocation(interaction) },
      );
      return { embeds: [scheduledEmbed(scheduled)] };
    });
  }

  @Subcommand({ name: 'list', description: 'The scheduled messages (admins)' })
  list(@Context() [interaction]: SlashCommandContext) {
    return this.runner.run(interaction, { name: '/schedule list', admin: true }, async () => ({
      embeds: [schedulesEmbed(await this.schedules.list())],
    }));
  }

  @Subcommand({ name: 'remove', description: 'Stop a scheduled message (admins)' })
  remove(@Context() [interaction]: SlashCommandContext, @Options() options: ScheduleRemoveOptions) {
    return this.runner.run(interaction, { name: '/schedule remove', admin: true }, async (actor) => {
      const removed = await this.schedules.remove(options.id, {
        source: 'discord',
        actor,
        data: invocation(interaction),
      });
      return { embeds: [removedEmbed(removed)] };
    });
  }
}
