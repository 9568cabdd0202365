import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryRunner } from 'typeorm';

export interface AlertSend {
  id: string;
  key: string;
  kind: string;
  subject: string;
  firing: boolean;
  /** A message about this firing went out (so its end is worth a message too). */
  announced: boolean;
  lastSentAt: Date | null;
  /** As Postgres's text, microseconds kept. */
  countedUntil: string;
  mutedUntil: Date | null;
  mutedBy: string | null;
  facts: Record<string, unknown>;
  sends: number;
  /** Whether a message may go out now: not muted, and the cooldown since the last one has passed. */
  mayNotify: boolean;
}

export interface AlertSendChange {
  firing?: boolean;
  announced?: boolean;
  sent?: boolean;
  countedUntil?: string;
  facts?: Record<string, unknown>;
}

const COLUMNS = `id::text AS id, key, kind, subject, firing, announced, last_sent_at AS "lastSentAt",
  counted_until::text AS "countedUntil", muted_until AS "mutedUntil", muted_by AS "mutedBy", facts, sends`;

/**
 * `ops_alert_sends`: per alert key, what the ops channel was told and when. `take` locks a key's row
 * in the caller's transaction, skipping it when another process holds it, so only one process
 * decides and sends.
 */
@Injectable()
export class AlertSends {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The key's row, locked until `runner`'s transaction ends; undefined when another process has it. */
  async take(
    runner: QueryRunner,
    alert: { key: string; kind: string; subject: string },
    cooldownSeconds: number,
  ): Promise<AlertSend | undefined> {
    await runner.query(
      `INSERT INTO ops_alert_sends (key, kind, subject) VALUES ($1, $2, $3) ON CONFLICT (key) DO NOTHING`,
      [alert.key, alert.kind, alert.subject],
    );
    const [row] = await runner.manager.query<AlertSend[]>(
      `SELECT ${COLUMNS},
              (muted_until IS NULL OR muted_until <= now())
                AND (last_sent_at IS NULL OR last_sent_at <= now() - make_interval(secs => $2)) AS "mayNotify"
         FROM ops_alert_sends WHERE key = $1 FOR UPDATE SKIP LOCKED`,
      [alert.key, cooldownSeconds],
    );
    return row;
  }

  async change(runner: QueryRunner, id: string, change: AlertSendChange): Promise<void> {
    await runner.query(
      `UPDATE ops_alert_sends
          SET firing = coalesce($2, firing), announced = coalesce($3, announced),
              last_sent_at = CASE WHEN $4 THEN now() ELSE last_sent_at END,
              sends = sends + CASE WHEN $4 THEN 1 ELSE 0 END,
              counted_until = coalesce($5, counted_until), facts = coalesce($6::jsonb, facts), updated_at = now()
        WHERE id = $1`,
      [
        id,
        change.firing ?? null,
        change.announced ?? null,
        change.sent === true,
        change.countedUntil ?? null,
        change.facts ? JSON.stringify(change.facts) : null,
      ],
    );
  }

  async find(id: string): Promise<AlertSend | undefined> {
    if (!/^\d{1,18}$/.test(id)) return undefined;
    const [row] = await this.dataSource.query<AlertSend[]>(
      `SELECT ${COLUMNS}, true AS "mayNotify" FROM ops_alert_sends WHERE id = $1`,
      [id],
    );
    return row;
  }

  /** No message for this key until `until`; false when there is no such alert. */
  async mute(id: string, until: Date, by: string): Promise<boolean> {
    const [, count] = await this.dataSource.query<[unknown, number]>(
      `UPDATE ops_alert_sends SET muted_until = $2, muted_by = $3, updated_at = now() WHERE id = $1`,
      [id, until, by],
    );
    return count > 0;
  }

  /** Rows of alerts that ended (not firing) and have not changed for `days`. */
  async prune(days: number): Promise<number> {
    const [, count] = await this.dataSource.query<[unknown, number]>(
      `DELETE FROM ops_alert_sends WHERE NOT firing AND kind <> 'jobs.dead' AND updated_at < now() - make_interval(days => $1)`,
      [days],
    );
    return count;
  }
}
