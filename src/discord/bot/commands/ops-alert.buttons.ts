import { Injectable } from '@nestjs/common';
import { Button, type ButtonContext, ComponentParam, Context } from 'necord';
import { ALERT_BUTTON, AlertNotice, alertButtons, alertEmbed } from '../../../alerts/discord/alert-message';
import { AlertSend, AlertSends } from '../../../alerts/discord/alert-sends';
import { AuditActor, AuditLog } from '../../../audit/audit-log';
import { DiscordLinks } from '../../../auth/discord-links/discord-links';
import { JobsService } from '../../../jobs/jobs.service';
import { AmbientTransaction } from '../../../platform/database/ambient-transaction';
import { ParkedChannels } from '../../delivery/parked-channels';
import { BotReply, UserFacingError } from '../interactions/bot-reply';
import { CommandRunner } from '../interactions/command-runner';
import { DiscordAdmins } from '../interactions/discord-admins';

const MUTE_MS = 3600_000;

/**
 * The buttons on ops alerts in OPS_ALERT_CHANNEL_ID (src/alerts/discord), for admins only (checked
 * again on every press), each answered within Discord's 3 s (CommandRunner defers slow work) and
 * audited in the change's own transaction: Redrive and Discard (every dead job of the alert's
 * queue), Unpark (a parked channel), Open in dashboard (a one-time sign-in link, only for the
 * presser, audited as auth.link_issued), Mute 1 h (no message for this alert until then).
 */
@Injectable()
export class OpsAlertButtons {
  constructor(
    private readonly runner: CommandRunner,
    private readonly sends: AlertSends,
    private readonly jobs: JobsService,
    private readonly parked: ParkedChannels,
    private readonly audit: AuditLog,
    private readonly transaction: AmbientTransaction,
    private readonly admins: DiscordAdmins,
    private readonly links: DiscordLinks,
  ) {}

  @Button(`${ALERT_BUTTON}/redrive/:id`)
  redrive(@Context() [interaction]: ButtonContext, @ComponentParam('id') id: string) {
    return this.runner.run(interaction, { name: 'the Redrive button', admin: true }, async (actor) => {
      const alert = await this.deadJobsAlert(id);
      const { retried, superseded } = await this.transaction.run(async () => {
        const result = await this.jobs.retryDead(alert.subject);
        await this.record(actor, 'job.bulk_redrive', alert, interaction.message.id, { ...result });
        return result;
      });
      const standIns = superseded > 0 ? ` (${superseded} superseded by a newer job of the same key)` : '';
      return this.updated(
        alert,
        `🔁 ${retried} dead job${retried === 1 ? '' : 's'} of \`${alert.subject}\` redriven by <@${actor.id}>${standIns}`,
        false,
      );
    });
  }

  @Button(`${ALERT_BUTTON}/discard/:id`)
  discard(@Context() [interaction]: ButtonContext, @ComponentParam('id') id: string) {
    return this.runner.run(interaction, { name: 'the Discard button', admin: true }, async (actor) => {
      const alert = await this.deadJobsAlert(id);
      const { discarded } = await this.transaction.run(async () => {
        const result = await this.jobs.discardDead(alert.subject, actor.name ?? actor.id);
        await this.record(actor, 'job.bulk_discard', alert, interaction.message.id, { discarded: result.discarded });
        return result;
      });
      return this.updated(
        alert,
        `🗑️ ${discarded} dead job${discarded === 1 ? '' : 's'} of \`${alert.subject}\` discarded by <@${actor.id}>`,
        false,
      );
    });
  }

  @Button(`${ALERT_BUTTON}/unpark/:id`)
  unpark(@Context() [interaction]: ButtonContext, @ComponentParam('id') id: string) {
    return this.runner.run(interaction, { name: 'the Unpark button', admin: true }, async (actor) => {
      const alert = await this.alert(id);
      if (alert.kind !== 'operator.discord.channel_parked')
        throw new UserFacingError('This alert is not about a parked channel');
      const unparked = await this.transaction.run(async () => {
        const result = await this.parked.unpark(alert.subject, actor.name ?? actor.id);
        await this.record(actor, 'discord.channel_unpark', alert, interaction.message.id, {
          redriven: result.redriven,
        });
        return result;
      });
      return this.updated(
        alert,
        `▶️ Channel ${unparked.channelId} unparked by <@${actor.id}>; its posts go out again, in order`,
        false,
      );
    });
  }

  @Button(`${ALERT_BUTTON}/mute/:id`)
  mute(@Context() [interaction]: ButtonContext, @ComponentParam('id') id: string) {
    return this.runner.run(interaction, { name: 'the Mute button', admin: true }, async (actor) => {
      const alert = await this.alert(id);
      const until = new Date(Date.now() + MUTE_MS);
      await this.transaction.run(async () => {
        await this.sends.mute(alert.id, until, actor.name ?? actor.id);
        await this.record(actor, 'alert.mute', alert, interaction.message.id, { until: until.toISOString() });
      });
      return this.updated(alert, `🔕 Muted until <t:${Math.floor(until.getTime() / 1000)}:t> by <@${actor.id}>`, true);
    });
  }

  @Button(`${ALERT_BUTTON}/open/:id`)
  open(@Context() [interaction]: ButtonContext, @ComponentParam('id') id: string) {
    return this.runner.run(interaction, { name: 'the Open in dashboard button', admin: true }, async () => {
      const alert = await this.alert(id);
      const known = await this.admins.adminServerMember(interaction);
      const link = await this.links.issue({
        discordUserId: interaction.user.id,
        known,
        next: notice(alert).dashboardPath,
      });
      const expires = Math.floor(Date.parse(link.expiresAt) / 1000);
      return {
        content: `🔑 Your sign-in link, straight to this alert on the dashboard: ${link.url}\nIt works once and expires <t:${expires}:R>. Do not share it.`,
        ephemeral: true,
        suppressEmbeds: true,
      };
    });
  }

  private async alert(id: string): Promise<AlertSend> {
    const alert = await this.sends.find(id);
    if (!alert) throw new UserFacingError('This alert is no longer known (pruned by retention)');
    return alert;
  }

  private async deadJobsAlert(id: string): Promise<AlertSend> {
    const alert = await this.alert(id);
    if (alert.kind !== 'jobs.dead') throw new UserFacingError('This alert is not about dead jobs');
    return alert;
  }

  private async record(actor: AuditActor, action: string, alert: AlertSend, messageId: string, result: object) {
    await this.audit.record({
      source: 'discord',
      actor,
      action,
      target: alert.subject,
      data: { command: 'ops alert button', options: { alert: alert.key }, messageId, ...result },
    });
  }

  /** The alert message again with what was done; the acting buttons go once they were used. */
  private updated(alert: AlertSend, note: string, keepActions: boolean): BotReply {
    const shown = notice(alert);
    const remaining: AlertNotice = { ...shown, actions: keepActions ? shown.actions : [] };
    return {
      embeds: [alertEmbed(shown, note)],
      components: alertButtons(alert.id, remaining) as BotReply['components'],
    };
  }
}

/** The notice the alert's last message showed. */
function notice(alert: AlertSend): AlertNotice {
  return (
    (alert.facts.notice as AlertNotice | undefined) ?? {
      title: alert.key,
      description: '',
      facts: [],
      severity: 'firing',
      dashboardPath: '/dashboard',
      actions: [],
    }
  );
}
