import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The mailbox intake: every message handled, once (by mailbox, UIDVALIDITY and UID; and by
 * Message-ID), with what became of it; and each poll of the mailbox with its counts.
 */
export class MailIntake1764007500000 implements MigrationInterface {
  name = 'MailIntake1764007500000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE mail_intake_messages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        mailbox text NOT NULL,
        uid_validity bigint NOT NULL,
        uid bigint NOT NULL,
        message_id text,
        sender text,
        subject text,
        outcome text NOT NULL CHECK (outcome IN ('taken', 'skipped')),
        reason text,
        contact_id text,
        attachments jsonb NOT NULL DEFAULT '[]',
        poll_id uuid,
        handled_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT mail_intake_messages_once UNIQUE (mailbox, uid_validity, uid)
      )`);
    await db.query(
      'CREATE INDEX mail_intake_messages_message_id ON mail_intake_messages (message_id) WHERE message_id IS NOT NULL',
    );
    await db.query('CREATE INDEX mail_intake_messages_handled ON mail_intake_messages (handled_at DESC)');
    await db.query(`
      CREATE TABLE mail_intake_polls (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        job_id uuid,
        trigger text NOT NULL,
        status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'succeeded', 'failed')),
        started_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        finished_at timestamptz,
        taken integer NOT NULL DEFAULT 0,
        skipped integer NOT NULL DEFAULT 0,
        already_handled integer NOT NULL DEFAULT 0,
        error text
      )`);
    await db.query('CREATE INDEX mail_intake_polls_started ON mail_intake_polls (started_at DESC)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE mail_intake_polls');
    await db.query('DROP TABLE mail_intake_messages');
  }
}
