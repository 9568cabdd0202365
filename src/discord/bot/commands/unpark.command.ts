import { Injectable } from '@nestjs/common';
import { Context, Options, SlashCommand, type SlashCommandContext, StringOption } from 'necord';
import { AuditLog } from '../../../audit/audit-log';
import { AmbientTransaction } from '../../../platform/database/ambient-transaction';
import { ParkedChannels } from '../../delivery/parked-channels';
import { UserFacingError } from '../interactions/bot-reply';
import { CommandRunner } from '../interactions/command-runner';
import { invocation } from '../interactions/invocation';
import { code, COLOURS } from '../render/format';

class UnparkOptions {
  @StringOption({
    name: 'channel',
    description: 'The parked channel: its id or #mention (see /status)',
    required: true,
    max_length: 40,
  })
  channel!: string;
}

/** A channel id typed as `123…` or `<#123…>`. */
function channelId(value: string): string {
  const id = /^<#(\d{17,20})>$/.exec(value.trim())?.[1] ?? value.trim();
  if (!/^\d{17,20}$/.test(id)) throw new UserFacingError(`"${value.trim()}" is not a channel id or #channel`);
  return id;
}

/** `/unpark channel:<id>` (admins): the channel's held posts go out again, in order, as the API's unpark. */
@Injectable()
export class UnparkCommand {
  constructor(
    private readonly runner: CommandRunner,
    private readonly parked: ParkedChannels,
    private readonly audit: AuditLog,
    private readonly transaction: AmbientTransaction,
  ) {}

  @SlashCommand({ name: 'unpark', description: 'Deliver a parked channel’s posts again, in order (admins)' })
  unpark(@Context() [interaction]: SlashCommandContext, @Options() options: UnparkOptions) {
    return this.runner.run(interaction, { name: '/unpark', admin: true }, async (actor) => {
      const id = channelId(options.channel);
      // The unpark and its audit event commit together, or neither does.
      const { redriven } = await this.transaction.run(async () => {
        const unparked = await this.parked.unpark(id, actor.name ?? actor.id);
        await this.audit.record({
          source: 'discord',
          actor,
          action: 'discord.channel_unpark',
          target: id,
          data: { ...invocation(interaction), redriven: unparked.redriven },
        });
        return unparked;
      });
      return {
        embeds: [
          {
            title: 'Channel unparked',
            color: COLOURS.ok,
            description:
              redriven.length > 0
                ? `<#${id}>: post ${code(redriven[0]!)} goes out again, then the posts waiting behind it, in order.`
                : `<#${id}>: no post was waiting; new posts go out again.`,
          },
        ],
      };
    });
  }
}
