import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryRunner } from 'typeorm';
import { AppConfig } from '../../platform/config/app-config';
import { JobTable } from '../../platform/queue/job-table';
import type { AlertNotice } from './alert-message';
import { AlertOutlet } from './alert-outlet';
import { AlertSend, AlertSends } from './alert-sends';

/** What an alert is about: one row, one cooldown, one mute per key. */
export interface AlertKey {
  /** `<kind>:<subject>`, unique. */
  key: string;
  kind: string;
  subject: string;
}

export const alertKey = (kind: string, subject: string): AlertKey => ({ key: `${kind}:${subject}`, kind, subject });

const errorText = (output: unknown): string => {
  if (output && typeof output === 'object' && 'message' in output) return String(output.message);
  return output === null || output === undefined ? '' : JSON.stringify(output);
};

/**
 * Decides what the ops channel is told, once across all processes: each decision takes the alert
 * key's row in `ops_alert_sends` (locked, skipped when another process has it) and enqueues the
 * message in the same transaction, so a message is sent exactly when the row says it was, even
 * across restarts. At most one message per key per ALERT_COOLDOWN_SECONDS, none while muted.
 *
 * - `deadJobs(queue)`: jobs that died since the last message, counted, at most one message per cooldown.
 * - `event(key, count, notice)`: something that happened `count` times (refused signatures).
 * - `condition(key, firing, …)`: a state (heartbeat lost, /ready failing, disk full, a parked
 *   channel): a message when it starts and, if that was announced, when it ends. Other features
 *   report theirs here too (a sync failing repeatedly: `condition(alertKey('sync.failing', source), …)`).
 */
@Injectable()
export class AlertNotifier {
  private readonly logger = new Logger('OpsAlerts');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sends: AlertSends,
    private readonly outlet: AlertOutlet,
    private readonly jobTable: JobTable,
    private readonly config: AppConfig,
  ) {}

  get enabled(): boolean {
    return this.outlet.configured;
  }

  /** Sends one message about the queue's newly dead jobs when the cooldown allows; true if it did. */
  deadJobs(queue: string): Promise<boolean> {
    return this.decide(alertKey('jobs.dead', queue), async (runner, row) => {
      if (!row.mayNotify) return false;
      const dead = await this.jobTable.deadSince(queue, row.countedUntil);
      if (dead.since === 0 || !dead.latest) {
        if (row.firing && dead.total === 0) await this.sends.change(runner, row.id, { firing: false });
        return false;
      }
      const previous = row.lastSentAt
        ? ` since the last alert (<t:${Math.floor(row.lastSentAt.getTime() / 1000)}:R>)`
        : '';
      const notice: AlertNotice = {
        title: `Dead jobs on ${queue}`,
        description: `${dead.since} job${dead.since === 1 ? '' : 's'} of \`${queue}\` died${previous}. Redrive puts every dead job of the queue back; Discard drops them for good.`,
        facts: [
          { name: 'Queue', value: queue },
          { name: 'New dead jobs', value: String(dead.since) },
          { name: 'Dead now', value: String(dead.total) },
          { name: 'Latest error', value: errorText(dead.lastError).slice(0, 500) },
        ],
        severity: 'firing',
        dashboardPath: `/dashboard/jobs?state=dead&type=${encodeURIComponent(queue)}`,
        actions: ['redrive', 'discard'],
      };
      await this.outlet.send(runner, row.id, notice);
      await this.sends.change(runner, row.id, {
        sent: true,
        firing: true,
        announced: true,
        countedUntil: dead.latest,
        facts: { notice },
      });
      return true;
    });
  }

  /** Something that happened `count` times since the last look: a message when the cooldown allows. */
  event(key: AlertKey, count: number, notice: () => AlertNotice): Promise<boolean> {
    if (count <= 0) return Promise.resolve(false);
    return this.decide(key, async (runner, row) => {
      if (!row.mayNotify) return false;
      const sent = notice();
      await this.outlet.send(runner, row.id, sent);
      await this.sends.change(runner, row.id, { sent: true, facts: { notice: sent } });
      return true;
    });
  }

  /**
   * A state that starts and ends: announced when it starts (or, if muted or cooling down then,
   * once allowed while it lasts), and its end announced when its start was.
   */
  condition(key: AlertKey, firing: boolean, notice: () => AlertNotice, resolved: () => AlertNotice): Promise<boolean> {
    return this.decide(key, async (runner, row) => {
      if (firing && (!row.firing || !row.announced)) {
        if (!row.mayNotify) {
          if (!row.firing) await this.sends.change(runner, row.id, { firing: true });
          return false;
        }
        const sent = notice();
        await this.outlet.send(runner, row.id, sent);
        await this.sends.change(runner, row.id, { firing: true, announced: true, sent: true, facts: { notice: sent } });
        return true;
      }
      if (!firing && row.firing) {
        const muted = row.mutedUntil !== null && row.mutedUntil > new Date();
        const announce = row.announced && !muted;
        if (announce) await this.outlet.send(runner, row.id, resolved());
        await this.sends.change(runner, row.id, { firing: false, announced: false, sent: announce });
        return announce;
      }
      return false;
    });
  }

  /**
   * For the people sync (another feature): after each run, how many runs of `source` failed in a
   * row. Three or more is an alert; the next success says it is back.
   */
  syncRuns(source: string, failuresInARow: number, lastError?: string): Promise<boolean> {
    const path = '/dashboard/jobs?state=dead';
    return this.condition(
      alertKey('sync.failing', source),
      failuresInARow >= 3,
      () => ({
        title: `Sync from ${source} failing`,
        description: `The last ${failuresInARow} sync runs of \`${source}\` failed.`,
        facts: [{ name: 'Last error', value: (lastError ?? '').slice(0, 500) }],
        severity: 'firing',
        dashboardPath: path,
        actions: [],
      }),
      () => ({
        title: `Sync from ${source} back`,
        description: 'A sync run succeeded again.',
        facts: [],
        severity: 'resolved',
        dashboardPath: path,
        actions: [],
      }),
    );
  }

  /** Keys of operator alerts the ops channel holds as firing whose operator alert is resolved now. */
  async firingWithoutOpenOperatorAlert(): Promise<{ kind: string; subject: string }[]> {
    return this.dataSource.query(
      `SELECT s.kind, s.subject FROM ops_alert_sends s
        WHERE s.firing AND s.kind LIKE 'operator.%'
          AND NOT EXISTS (SELECT 1 FROM operator_alerts a
                           WHERE a.resolved_at IS NULL AND 'operator.' || a.kind = s.kind AND a.subject = s.subject)`,
    );
  }

  private async decide(
    key: AlertKey,
    work: (runner: QueryRunner, row: AlertSend) => Promise<boolean>,
  ): Promise<boolean> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      const row = await this.sends.take(runner, key, this.config.ops.cooldownSeconds);
      const sent = row ? await work(runner, row) : false;
      await runner.commitTransaction();
      if (sent) this.logger.log(`Alert ${key.key} sent to the ops channel`);
      return sent;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }
}
