import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** Something an operator has to act on: a parked Discord channel, a disabled forward target. */
export interface OperatorAlert {
  id: string;
  /** What kind of problem: `discord.channel_parked`, `forward.target_disabled`, … */
  kind: string;
  /** What it is about (a channel id, a URL): one open alert per kind and subject. */
  subject: string;
  /** One sentence: what happened and what to do. */
  message: string;
  details: Record<string, unknown>;
  raisedAt: Date;
  lastRaisedAt: Date;
  /** How often it was raised while open. */
  times: number;
  resolvedAt: Date | null;
  resolvedBy: string | null;
}

export interface RaisedAlert {
  kind: string;
  subject: string;
  message: string;
  details?: Record<string, unknown>;
}

const COLUMNS = `id::text AS id, kind, subject, message, details, raised_at AS "raisedAt",
  last_raised_at AS "lastRaisedAt", times, resolved_at AS "resolvedAt", resolved_by AS "resolvedBy"`;

/**
 * The operator alerts (`operator_alerts`): raised by whoever finds a problem a person must fix,
 * kept until resolved, logged at error level when raised. Raising an open alert again counts it
 * (one open alert per kind and subject). The dashboard overview and the bot's /status show the
 * open ones.
 */
@Injectable()
export class OperatorAlerts {
  private readonly logger = new Logger('OperatorAlert');

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async raise(alert: RaisedAlert): Promise<OperatorAlert> {
    const [row] = await this.dataSource.query<OperatorAlert[]>(
      `INSERT INTO operator_alerts (kind, subject, message, details) VALUES ($1, $2, $3, $4::jsonb)
       ON CONFLICT (kind, subject) WHERE resolved_at IS NULL
       DO UPDATE SET message = EXCLUDED.message, details = EXCLUDED.details,
                     last_raised_at = now(), times = operator_alerts.times + 1
       RETURNING ${COLUMNS}`,
      [alert.kind, alert.subject, alert.message, JSON.stringify(alert.details ?? {})],
    );
    this.logger.error({ alert: { kind: alert.kind, subject: alert.subject, ...alert.details } }, alert.message);
    return row!;
  }

  /** Closes the open alert of that kind and subject; false when there was none. */
  async resolve(kind: string, subject: string, by: string): Promise<boolean> {
    // UPDATE answers [rows, count] through TypeORM.
    const [, count] = await this.dataSource.query<[unknown[], number]>(
      `UPDATE operator_alerts SET resolved_at = now(), resolved_by = $3
        WHERE kind = $1 AND subject = $2 AND resolved_at IS NULL`,
      [kind, subject, by],
    );
    return count > 0;
  }

  /** How many alerts of each kind are open. */
  openByKind(): Promise<{ kind: string; count: number }[]> {
    return this.dataSource.query(
      `SELECT kind, count(*)::int AS count FROM operator_alerts WHERE resolved_at IS NULL GROUP BY kind`,
    );
  }

  /** The open alerts, newest first. */
  open(limit = 50): Promise<OperatorAlert[]> {
    return this.dataSource.query<OperatorAlert[]>(
      `SELECT ${COLUMNS} FROM operator_alerts WHERE resolved_at IS NULL ORDER BY last_raised_at DESC LIMIT $1`,
      [limit],
    );
  }
}
