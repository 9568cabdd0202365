import { HttpException, Injectable } from '@nestjs/common';
import type { ImapFlow } from 'imapflow';
import { AppConfig } from '../../platform/config/app-config';
import { AmbientTransaction } from '../../platform/database/ambient-transaction';
import { ResumeIntake } from '../../resumes/intake/resume-intake.service';
import { AttachmentPart, attachmentParts, RefusedAttachment, StructurePart } from './attachment-parts';
import { judgeSender } from './authentication-results';
import { AttachmentOutcome, HandledMessage, HandledMessages, MessageKey } from './handled-messages';
import { connectMailbox, describeImapError, withoutPassword } from './imap-connection';
import type { PollCounts } from './mail-intake-polls';
import { SenderContact } from './sender-contact';

/** Messages one poll handles at most; the rest wait for the next (queued at once, see the handler). */
export const MAX_MESSAGES_PER_POLL = 50;
/** Files taken from one message at most (each is held in memory until the message is recorded). */
export const MAX_FILES_PER_MESSAGE = 5;

/** A poll that stopped on an error, with what it had handled until then (all of it recorded). */
export class PollFailedError extends Error {
  override readonly name = 'PollFailedError';
  constructor(
    message: string,
    readonly counts: PollCounts,
  ) {
    super(message);
  }
}

/** Another poll recorded the message first: this one's work on it is rolled back. */
class RecordedMeanwhile extends Error {}

type Downloaded = { fileName: string; bytes: Buffer } | RefusedAttachment;

const listed = (refused: readonly RefusedAttachment[]) => refused.map((r) => `${r.fileName} (${r.reason})`).join('; ');

const refusalText = (error: HttpException) => {
  const response = error.getResponse();
  const message =
    typeof response === 'object' && response !== null ? (response as { message?: unknown }).message : response;
  return typeof message === 'string' ? message : error.message;
};

/**
 * One poll of the mailbox: its unseen messages, oldest first, each handled once. A message is
 * judged (Authentication-Results, attachments by BODYSTRUCTURE), its usable files downloaded with a
 * size bound, and then, in one transaction, its files go through the resume intake (the same checks,
 * storage, ledger and `resume.extract` jobs as an upload) and the message is recorded. Only after
 * that commit is it flagged \Seen (and moved): a poll stopped in between leaves the record, and the
 * next poll finds it and only flags the message, never handling it twice.
 */
@Injectable()
export class MailboxPoller {
  constructor(
    private readonly config: AppConfig,
    private readonly handled: HandledMessages,
    private readonly senders: SenderContact,
    private readonly intake: ResumeIntake,
    private readonly transaction: AmbientTransaction,
  ) {}

  private get settings() {
    return this.config.mailIntake;
  }

  async poll(pollId: string, signal?: AbortSignal): Promise<PollCounts & { more: boolean }> {
    const counts: PollCounts = { taken: 0, skipped: 0, alreadyHandled: 0 };
    let client: ImapFlow;
    try {
      client = await connectMailbox(this.settings);
    } catch (error) {
      throw new PollFailedError((error as Error).message, counts);
    }
    let doing = `opening ${this.settings.mailbox}`;
    try {
      if (this.settings.processedMailbox)
        await client.mailboxCreate(this.settings.processedMailbox).catch(() => undefined);
      const lock = await client.getMailboxLock(this.settings.mailbox);
      try {
        const key = {
          mailbox: this.settings.mailbox,
          uidValidity: String(client.mailbox ? client.mailbox.uidValidity : 0),
        };
        doing = 'searching for unseen messages';
        const unseen = ((await client.search({ seen: false }, { uid: true })) || []).sort((a, b) => a - b);
        const batch = unseen.slice(0, MAX_MESSAGES_PER_POLL);
        const recorded = await this.handled.recordedUids(key, batch);
        // A message that fails is left for the next poll; the others are not held up behind it.
        const failures: string[] = [];
        for (const uid of batch) {
          if (signal?.aborted) break;
          try {
            doing = `handling message UID ${uid}`;
            const outcome = recorded.has(uid) ? 'alreadyHandled' : await this.handle(client, { ...key, uid }, pollId);
            if (outcome === 'gone') continue;
            counts[outcome]++;
            doing = `flagging message UID ${uid}`;
            await this.settle(client, uid);
          } catch (error) {
            failures.push(this.failure(doing, error));
            if (!client.usable) break;
          }
        }
        if (failures.length > 0) {
          const more = failures.length > 1 ? ` (and ${failures.length - 1} more)` : '';
          throw new PollFailedError(`${failures[0]}${more}`, counts);
        }
        return { ...counts, more: unseen.length > batch.length };
      } finally {
        lock.release();
      }
    } catch (error) {
      if (error instanceof PollFailedError) throw error;
      throw new PollFailedError(this.failure(doing, error), counts);
    } finally {
      await client.logout().catch(() => client.close());
    }
  }

  /**
   * What failed, for the poll's record and the log: the IMAP server's answer when it gave one, else
   * the error's message (the database, storage); never the password.
   */
  private failure(doing: string, error: unknown): string {
    const e = (error ?? {}) as { responseText?: string; message?: string; mailboxMissing?: boolean };
    if (e.mailboxMissing) return describeImapError(error, this.settings, doing);
    const where = `${this.settings.server.host}:${this.settings.server.port}`;
    return withoutPassword(
      `${doing} on ${where} failed: ${e.responseText ?? e.message ?? String(error)}`,
      this.settings,
    );
  }

  /** Handled messages are flagged \Seen, and moved when IMAP_PROCESSED_MAILBOX is set. */
  private async settle(client: ImapFlow, uid: number): Promise<void> {
    await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
    if (this.settings.processedMailbox) {
      await client.messageMove(String(uid), this.settings.processedMailbox, { uid: true });
    }
  }

  private async handle(
    client: ImapFlow,
    key: MessageKey,
    pollId: string,
  ): Promise<'taken' | 'skipped' | 'alreadyHandled' | 'gone'> {
    const message = await client.fetchOne(
      String(key.uid),
      { uid: true, envelope: true, bodyStructure: true, headers: ['authentication-results'] },
      { uid: true },
    );
    if (!message) return 'gone';
    const sender = message.envelope?.from?.[0]?.address?.toLowerCase() ?? null;
    const base = {
      ...key,
      messageId: message.envelope?.messageId?.trim() || null,
      sender,
      subject: message.envelope?.subject ?? null,
      pollId,
      contactId: null,
      attachments: [] as AttachmentOutcome[],
    };
    const skip = (reason: string, attachments: AttachmentOutcome[] = []) =>
      this.record({ ...base, outcome: 'skipped', reason, attachments });

    if (base.messageId) {
      const earlier = await this.handled.byMessageId(base.messageId);
      if (earlier) return skip(`the same message (Message-ID) was handled already, at ${earlier.handledAt}`);
    }
    if (this.settings.requireSenderAuth) {
      const verdict = judgeSender(message.headers?.toString('utf8') ?? '', this.settings.authservId);
      if (!verdict.authenticated) return skip(verdict.reason);
    }
    if (!sender) return skip('the message has no sender address (From)');

    const { usable, refused } = attachmentParts(
      (message.bodyStructure ?? { type: 'text/plain' }) as StructurePart,
      this.settings,
    );
    for (const extra of usable.splice(MAX_FILES_PER_MESSAGE)) {
      refused.push({ fileName: extra.fileName, reason: `more than ${MAX_FILES_PER_MESSAGE} files in one message` });
    }
    const refusedOutcomes = (list: RefusedAttachment[]): AttachmentOutcome[] =>
      list.map((r) => ({ fileName: r.fileName, outcome: 'refused', reason: r.reason }));
    if (usable.length === 0) {
      return skip(
        refused.length === 0 ? 'no attachments' : `no usable attachment: ${listed(refused)}`,
        refusedOutcomes(refused),
      );
    }
    const downloads: Downloaded[] = [];
    for (const part of usable) downloads.push(await this.download(client, key.uid, part));
    const files = downloads.filter((d): d is { fileName: string; bytes: Buffer } => 'bytes' in d);
    refused.push(...downloads.filter((d): d is RefusedAttachment => 'reason' in d));

    const contact = await this.senders.find(sender);
    try {
      return await this.transaction.run(async () => {
        const attachments: AttachmentOutcome[] = [];
        for (const file of files) attachments.push(await this.submit(file, contact.crmId, sender));
        attachments.push(...refusedOutcomes(refused));
        const usableFiles = attachments.filter((a) => a.outcome !== 'refused');
        const notUsed = attachments.filter((a) => a.outcome === 'refused');
        const outcome = usableFiles.length > 0 ? 'taken' : 'skipped';
        const reason =
          outcome === 'skipped'
            ? `no usable attachment: ${notUsed.map((a) => `${a.fileName} (${a.reason})`).join('; ')}`
            : contact.crmId === null
              ? `extracted without a contact: ${contact.note}`
              : null;
        const stored = await this.handled.record({ ...base, outcome, reason, contactId: contact.crmId, attachments });
        if (!stored) throw new RecordedMeanwhile();
        return outcome;
      });
    } catch (error) {
      if (error instanceof RecordedMeanwhile) return 'alreadyHandled';
      throw error;
    }
  }

  private async record(message: HandledMessage): Promise<'skipped' | 'alreadyHandled'> {
    return (await this.handled.record(message)) ? 'skipped' : 'alreadyHandled';
  }

  /** The file through the resume intake; its refusal (type by content, size, a hostile DOCX) is the file's outcome. */
  private async submit(
    file: { fileName: string; bytes: Buffer },
    contactId: string | null,
    sender: string,
  ): Promise<AttachmentOutcome> {
    try {
      const extraction = await this.intake.submit({
        bytes: file.bytes,
        fileName: file.fileName,
        contactId,
        requestedBy: `e-mail from ${sender}`,
      });
      return {
        fileName: file.fileName,
        outcome: extraction.duplicate ? 'duplicate' : 'queued',
        extractionId: extraction.id,
      };
    } catch (error) {
      if (error instanceof HttpException)
        return { fileName: file.fileName, outcome: 'refused', reason: refusalText(error) };
      throw error;
    }
  }

  /** The decoded part, read with a bound: a part larger than the limit is refused, never held whole. */
  private async download(client: ImapFlow, uid: number, part: AttachmentPart): Promise<Downloaded> {
    const limit = this.settings.maxFileBytes;
    const { content } = await client.download(String(uid), part.part, { uid: true, maxBytes: limit + 1 });
    if (!content) return { fileName: part.fileName, reason: 'the part could not be downloaded (gone from the server)' };
    const chunks: Buffer[] = [];
    let size = 0;
    // Read to the end (maxBytes stops the server's answer one byte past the limit), keeping nothing past it.
    for await (const chunk of content as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    }
    if (size > limit) {
      return {
        fileName: part.fileName,
        reason: `larger than ${Math.round((limit / 1024 / 1024) * 10) / 10} MB (EMAIL_RESUME_MAX_FILE_SIZE_MB)`,
      };
    }
    return { fileName: part.fileName, bytes: Buffer.concat(chunks) };
  }
}
