import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OperatorAlerts } from '../../alerts/operator-alerts.service';

export const TARGET_DISABLED = 'forward.target_disabled';

export interface DisabledTarget {
  url: string;
  status: number;
  reason: string;
  jobId: string | null;
  disabledAt: Date;
}

const COLUMNS = `url, status, reason, job_id AS "jobId", disabled_at AS "disabledAt"`;

/** How an operator turns a disabled target back on, for messages and alerts. */
export const howToEnable = (url: string) =>
  `re-enable it on the dashboard overview or with POST /forward/targets/enable {"url": ${JSON.stringify(url)}}`;

/**
 * http.forward targets a receiver told to stop (410 Gone): `forward_disabled_targets`, by the URL
 * a rule names. Disabling raises an operator alert; forwards to a disabled URL die at once with the
 * reason until an admin enables it again (which resolves the alert).
 */
@Injectable()
export class ForwardTargets {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly alerts: OperatorAlerts,
  ) {}

  async find(url: string): Promise<DisabledTarget | undefined> {
    const [row] = await this.dataSource.query<DisabledTarget[]>(
      `SELECT ${COLUMNS} FROM forward_disabled_targets WHERE url = $1`,
      [url],
    );
    return row;
  }

  list(): Promise<DisabledTarget[]> {
    return this.dataSource.query<DisabledTarget[]>(
      `SELECT ${COLUMNS} FROM forward_disabled_targets ORDER BY disabled_at DESC LIMIT 500`,
    );
  }

  async disable(url: string, status: number, reason: string, jobId: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO forward_disabled_targets (url, status, reason, job_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT (url) DO UPDATE SET status = EXCLUDED.status, reason = EXCLUDED.reason, job_id = EXCLUDED.job_id`,
      [url, status, reason, jobId],
    );
    await this.alerts.raise({
      kind: TARGET_DISABLED,
      subject: url,
      message: `http.forward to ${url} is disabled: ${reason}. Forwards to it fail until an admin ${howToEnable(url).replace(/^re-enable it/, 're-enables it')}.`,
      details: { url, status, jobId },
    });
  }

  async enable(url: string, by: string): Promise<{ url: string; enabled: true }> {
    // DELETE answers [rows, count] through TypeORM.
    const [, count] = await this.dataSource.query<[unknown[], number]>(
      `DELETE FROM forward_disabled_targets WHERE url = $1`,
      [url],
    );
    if (count === 0) throw new NotFoundException(`http.forward to ${url} is not disabled`);
    await this.alerts.resolve(TARGET_DISABLED, url, by);
    return { url, enabled: true };
  }
}
