import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client, DiscordAPIError, Events, MessageFlags, Routes } from 'discord.js';
import { DataSource } from 'typeorm';
import { SecretBox } from '../../../platform/security/secret-box';
import type { Answerable } from './command-runner';

/** Discord keeps an interaction's token, and so its answer, editable this long. */
const TOKEN_LIFETIME_MS = 15 * 60_000;
/**
 * The note is written before the acknowledgement, which is due within Discord's 3 s (1.5 s of
 * which have passed): a slow database may not hold it up longer than this.
 */
const REMEMBER_WITHIN_MS = 750;

interface Row {
  interaction_id: string;
  application_id: string;
  token_sealed: string;
  command: string;
  expired: boolean;
}

export const unfinishedNotice = (command: string): string =>
  `⚠️ Switchyard restarted before it finished ${command}, so its answer never came. ` +
  'It may or may not have been done: check before running it again.';

/**
 * The slash commands this bot acknowledged ("thinking…") and has not answered yet. A bot killed
 * in between would leave the person thinking until Discord gives up (15 minutes); after a restart
 * it edits each such answer, while its token is still valid, to say so. It only edits answers
 * Discord still shows as thinking, so a record left behind by a failed clean-up never overwrites
 * a real answer. Best effort: a failure to record or clean up is logged and never fails a command.
 */
@Injectable()
export class UnfinishedAnswers implements OnModuleInit {
  private readonly logger = new Logger('BotCommands');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly box: SecretBox,
    private readonly client: Client,
  ) {}

  onModuleInit(): void {
    // Once the gateway session is up: no interaction of this process has arrived yet.
    this.client.once(Events.ClientReady, () => void this.reportUnfinished());
  }

  /** Notes the interaction as acknowledged and unanswered; waits at most REMEMBER_WITHIN_MS for it. */
  async remember(interaction: Answerable, command: string): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.insert(interaction, command),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, REMEMBER_WITHIN_MS))),
    ]);
    clearTimeout(timer);
  }

  private async insert(interaction: Answerable, command: string): Promise<void> {
    try {
      await this.dataSource.query(
        `INSERT INTO bot_unfinished_answers (interaction_id, application_id, token_sealed, command, expires_at)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (interaction_id) DO NOTHING`,
        [
          interaction.id,
          interaction.applicationId,
          this.box.seal(interaction.token),
          command,
          new Date(interaction.createdTimestamp + TOKEN_LIFETIME_MS),
        ],
      );
    } catch (error) {
      this.logger.warn(
        `Could not note ${command} (interaction ${interaction.id}) as unfinished: ${(error as Error).message}`,
      );
    }
  }

  async forget(interactionId: string): Promise<void> {
    try {
      await this.dataSource.query('DELETE FROM bot_unfinished_answers WHERE interaction_id = $1', [interactionId]);
    } catch (error) {
      this.logger.warn(`Could not clear unfinished interaction ${interactionId}: ${(error as Error).message}`);
    }
  }

  /** Tells the people a previous run of the bot left thinking, then forgets them. */
  async reportUnfinished(): Promise<void> {
    let rows: Row[];
    try {
      rows = await this.dataSource.query<Row[]>(
        `SELECT interaction_id, application_id, token_sealed, command, expires_at <= now() AS expired
           FROM bot_unfinished_answers`,
      );
    } catch (error) {
      this.logger.warn(`Could not read the interactions left unfinished: ${(error as Error).message}`);
      return;
    }
    for (const row of rows) {
      try {
        if (!row.expired && (await this.tell(row))) {
          this.logger.warn(`Told the person ${row.command} (interaction ${row.interaction_id}) was not finished`);
        }
      } catch (error) {
        this.logger.warn(
          `Could not answer unfinished ${row.command} (interaction ${row.interaction_id}): ${(error as Error).message}`,
        );
      } finally {
        await this.forget(row.interaction_id);
      }
    }
  }

  /**
   * Edits the answer if Discord still shows it thinking; whether it did. None at all (404): the
   * process died before acknowledging, and Discord has told the person the interaction failed.
   */
  private async tell(row: Row): Promise<boolean> {
    const route = Routes.webhookMessage(row.application_id, this.box.open(row.token_sealed), '@original');
    const original = (await this.client.rest.get(route, { auth: false }).catch((error: unknown) => {
      if (error instanceof DiscordAPIError && error.status === 404) return undefined;
      throw error;
    })) as { flags?: number } | undefined;
    if (!original) return false;
    if (((original.flags ?? 0) & MessageFlags.Loading) === 0) return false;
    await this.client.rest.patch(route, {
      auth: false,
      body: { content: unfinishedNotice(row.command), embeds: [], components: [] },
    });
    return true;
  }
}
