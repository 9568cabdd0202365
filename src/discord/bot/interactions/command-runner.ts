import { Injectable, Logger } from '@nestjs/common';
import { ButtonInteraction, ChatInputCommandInteraction, InteractionEditReplyOptions, MessageFlags } from 'discord.js';
import type { AuditActor } from '../../../audit/audit-log';
import { BotReply } from './bot-reply';
import { DiscordAdmins } from './discord-admins';
import { userMessage } from './error-message';
import { UnfinishedAnswers } from './unfinished-answers';

export type Answerable = ChatInputCommandInteraction | ButtonInteraction;

/**
 * Discord drops an interaction not acknowledged within 3 s. Work that has not finished by this
 * point is acknowledged first (a "thinking…" state) and its answer edited in when ready.
 */
export const DEFER_AFTER_MS = 1500;

export interface RunOptions {
  /** How the person would name it: `/schedule add`, `the retry button`. */
  name: string;
  /** Only admins (see DiscordAdmins) may run it; others get a polite refusal. */
  admin?: boolean;
  /** Its answer is private, so the acknowledgement of slow work is too (nobody else sees it was asked). */
  private?: boolean;
}

const body = (
  reply: BotReply,
): Required<Pick<InteractionEditReplyOptions, 'embeds' | 'components'>> & {
  content: string;
  flags?: MessageFlags.SuppressEmbeds;
} => ({
  content: reply.content ?? '',
  embeds: reply.embeds ?? [],
  components: reply.components ?? [],
  ...(reply.suppressEmbeds ? { flags: MessageFlags.SuppressEmbeds } : {}),
});

/** The body of a private message: the flags of body() plus Ephemeral. */
const privateBody = (reply: BotReply) => {
  const { flags = 0, ...rest } = body(reply);
  return { ...rest, flags: flags | MessageFlags.Ephemeral };
};

/**
 * Runs one command or button: the admin check, the work, and the answer within Discord's window.
 * Errors become a short private message (the reason when the person can act on it, otherwise a
 * reference to the log); a stack trace never reaches Discord. Buttons update the message they are on.
 */
@Injectable()
export class CommandRunner {
  private readonly logger = new Logger('BotCommands');

  constructor(
    private readonly admins: DiscordAdmins,
    private readonly unfinished: UnfinishedAnswers,
  ) {}

  async run(
    interaction: Answerable,
    options: RunOptions,
    work: (actor: AuditActor) => Promise<BotReply>,
  ): Promise<void> {
    const started = Date.now();
    const outcome = this.settle(interaction, options, work);
    let timer: NodeJS.Timeout | undefined;
    const early = await Promise.race([
      outcome,
      new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), DEFER_AFTER_MS))),
    ]);
    clearTimeout(timer);
    try {
      if (early) {
        await this.answer(interaction, early);
      } else {
        const privately = options.private === true && interaction.isChatInputCommand();
        if (interaction.isButton()) {
          await interaction.deferUpdate();
          await this.answerDeferred(interaction, await outcome, privately);
        } else {
          // Noted before the acknowledgement, so a process that dies any time after it leaves the
          // note behind and the next one tells the person (UnfinishedAnswers).
          await this.unfinished.remember(interaction, options.name);
          try {
            await interaction.deferReply(privately ? { flags: MessageFlags.Ephemeral } : {});
            await this.answerDeferred(interaction, await outcome, privately);
          } finally {
            await this.unfinished.forget(interaction.id);
          }
        }
      }
      this.logger.log(
        `${options.name} by ${interaction.user.username} (${interaction.user.id}) answered in ${Date.now() - started} ms${early ? '' : ' (deferred)'}`,
      );
    } catch (error) {
      // Discord refused the answer (expired interaction, deleted channel): nobody is left to tell.
      this.logger.warn(`Could not answer ${options.name} (interaction ${interaction.id}): ${(error as Error).message}`);
    }
  }

  private async settle(
    interaction: Answerable,
    options: RunOptions,
    work: (actor: AuditActor) => Promise<BotReply>,
  ): Promise<BotReply> {
    try {
      if (options.admin && !(await this.admins.isAdmin(interaction))) {
        return { content: this.admins.refusal(options.name), ephemeral: true };
      }
      return await work({ id: interaction.user.id, name: interaction.user.username });
    } catch (error) {
      const message = userMessage(error);
      if (message !== undefined) return { content: `⚠️ ${message}`, ephemeral: true };
      this.logger.error(
        { err: error, interaction: interaction.id, command: options.name },
        `${options.name} failed: ${(error as Error).message}`,
      );
      return {
        content: `Something went wrong running ${options.name}; the details are in Switchyard's log (ref ${interaction.id}).`,
        ephemeral: true,
      };
    }
  }

  private async answer(interaction: Answerable, reply: BotReply): Promise<void> {
    if (reply.ephemeral) {
      await interaction.reply(privateBody(reply));
    } else if (interaction.isButton()) {
      await interaction.update(body(reply));
    } else {
      await interaction.reply(body(reply));
    }
  }

  private async answerDeferred(
    interaction: Answerable,
    reply: BotReply,
    acknowledgedPrivately: boolean,
  ): Promise<void> {
    if (!reply.ephemeral || acknowledgedPrivately) {
      await interaction.editReply(body(reply));
      return;
    }
    // The acknowledgement was public; a private answer replaces it as a follow-up.
    if (interaction.isChatInputCommand()) await interaction.deleteReply();
    await interaction.followUp(privateBody(reply));
  }
}
