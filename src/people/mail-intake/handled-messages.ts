import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface MessageKey {
  mailbox: string;
  uidValidity: string;
  uid: number;
}

/** What became of one attachment of a handled message. */
export interface AttachmentOutcome {
  fileName: string;
  /** `queued`: an extraction (or the ledger's earlier one for the same file and contact). */
  outcome: 'queued' | 'duplicate' | 'refused';
  reason?: string;
  extractionId?: string;
}

export interface HandledMessage extends MessageKey {
  messageId: string | null;
  sender: string | null;
  subject: string | null;
  outcome: 'taken' | 'skipped';
  reason: string | null;
  contactId: string | null;
  attachments: AttachmentOutcome[];
  pollId: string;
}

export interface HandledMessageView {
  id: string;
  mailbox: string;
  uidValidity: string;
  uid: number;
  messageId: string | null;
  sender: string | null;
  subject: string | null;
  outcome: 'taken' | 'skipped';
  reason: string | null;
  contactId: string | null;
  attachments: AttachmentOutcome[];
  handledAt: string;
}

interface Row {
  id: string;
  mailbox: string;
  uid_validity: string;
  uid: string;
  message_id: string | null;
  sender: string | null;
  subject: string | null;
  outcome: 'taken' | 'skipped';
  reason: string | null;
  contact_id: string | null;
  attachments: AttachmentOutcome[];
  handled_at: Date;
}

const view = (row: Row): HandledMessageView => ({
  id: row.id,
  mailbox: row.mailbox,
  uidValidity: row.uid_validity,
  uid: Number(row.uid),
  messageId: row.message_id,
  sender: row.sender,
  subject: row.subject,
  outcome: row.outcome,
  reason: row.reason,
  contactId: row.contact_id,
  attachments: row.attachments,
  handledAt: row.handled_at.toISOString(),
});

/**
 * `mail_intake_messages`: every message the intake handled, once. A message is known by its
 * mailbox, UIDVALIDITY and UID, and by its Message-ID (the same message delivered or copied twice).
 * The record is what makes "handled once" hold: it commits with the resume jobs, before the
 * message is flagged on the server.
 */
@Injectable()
export class HandledMessages {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Which of these UIDs of one mailbox state are already recorded. */
  async recordedUids(key: Omit<MessageKey, 'uid'>, uids: readonly number[]): Promise<Set<number>> {
    if (uids.length === 0) return new Set();
    const rows = await this.dataSource.query<{ uid: string }[]>(
      `SELECT uid FROM mail_intake_messages WHERE mailbox = $1 AND uid_validity = $2 AND uid = ANY($3::bigint[])`,
      [key.mailbox, key.uidValidity, uids],
    );
    return new Set(rows.map((r) => Number(r.uid)));
  }

  /** The record of a message with this Message-ID, if one was handled already (under any UID). */
  async byMessageId(messageId: string): Promise<HandledMessageView | null> {
    const [row] = await this.dataSource.query<Row[]>(
      'SELECT * FROM mail_intake_messages WHERE message_id = $1 ORDER BY handled_at LIMIT 1',
      [messageId],
    );
    return row ? view(row) : null;
  }

  /** false: this message was recorded meanwhile (by another poll); the caller rolls back. */
  async record(message: HandledMessage): Promise<boolean> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      `INSERT INTO mail_intake_messages
         (mailbox, uid_validity, uid, message_id, sender, subject, outcome, reason, contact_id, attachments, poll_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT ON CONSTRAINT mail_intake_messages_once DO NOTHING
       RETURNING id`,
      [
        message.mailbox,
        message.uidValidity,
        message.uid,
        message.messageId?.slice(0, 998) ?? null,
        message.sender?.slice(0, 320) ?? null,
        message.subject?.slice(0, 500) ?? null,
        message.outcome,
        message.reason?.slice(0, 2000) ?? null,
        message.contactId,
        JSON.stringify(message.attachments),
        message.pollId,
      ],
    );
    return rows.length === 1;
  }

  async latest(limit: number): Promise<HandledMessageView[]> {
    const rows = await this.dataSource.query<Row[]>(
      'SELECT * FROM mail_intake_messages ORDER BY handled_at DESC, id LIMIT $1',
      [limit],
    );
    return rows.map(view);
  }

  async counts(): Promise<{ taken: number; skipped: number }> {
    const [row] = await this.dataSource.query<[{ taken: number; skipped: number }]>(
      `SELECT count(*) FILTER (WHERE outcome = 'taken')::int AS taken,
              count(*) FILTER (WHERE outcome = 'skipped')::int AS skipped
         FROM mail_intake_messages`,
    );
    return row;
  }
}
