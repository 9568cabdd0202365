import { hostname } from 'node:os';
import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../../platform/config/app-config';
import { ProcessHeartbeats } from '../../platform/health/process-heartbeats';
import { ReadinessService } from '../../platform/health/readiness.service';
import { QueueRegistry } from '../../platform/queue/queue-registry';
import { QueueRoleOptions } from '../../platform/queue/queue-role-options';
import { diskSpace } from '../../status/disk-space';
import { OperatorAlerts } from '../operator-alerts.service';
import { SignatureFailures } from '../signature-failures';
import type { AlertNotice } from './alert-message';
import { alertKey, AlertNotifier } from './alert-notifier';

/** The roles whose processes are watched for heartbeats. */
const WATCHED_ROLES = ['worker', 'bot'] as const;

const notice = (n: Omit<AlertNotice, 'severity' | 'actions'> & Partial<AlertNotice>): AlertNotice => ({
  severity: 'firing',
  actions: [],
  ...n,
});

/**
 * Looks for what the ops channel must hear about, every ALERT_CHECK_INTERVAL_SECONDS, in api and
 * worker processes (AlertNotifier makes it one message however many look): dead jobs per queue,
 * open operator alerts (a parked channel), worker and bot heartbeats, free space on DATA_DIR; api
 * processes also their own /ready and the signatures they refused.
 */
@Injectable()
export class AlertMonitor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('OpsAlerts');
  private readonly api: boolean;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly notifier: AlertNotifier,
    private readonly registry: QueueRegistry,
    private readonly operatorAlerts: OperatorAlerts,
    private readonly heartbeats: ProcessHeartbeats,
    private readonly readiness: ReadinessService,
    private readonly signatures: SignatureFailures,
    private readonly config: AppConfig,
    role: QueueRoleOptions,
  ) {
    this.api = role.instanceName.split('+').includes('api');
  }

  onApplicationBootstrap(): void {
    if (!this.notifier.enabled) return;
    this.timer = setInterval(() => {
      this.running ??= this.check()
        .catch((error: unknown) => this.logger.warn(`Alert check failed: ${(error as Error).message}`))
        .finally(() => (this.running = undefined));
    }, this.config.ops.checkIntervalSeconds * 1000);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass over every condition (also called by tests). */
  async check(): Promise<void> {
    for (const queue of this.registry.all()) await this.notifier.deadJobs(queue.name);
    await this.operatorAlertsOpen();
    await this.heartbeatsLost();
    await this.diskNearlyFull();
    if (this.api) {
      await this.notReady();
      await this.signatureBursts();
    }
  }

  private async operatorAlertsOpen(): Promise<void> {
    for (const alert of await this.operatorAlerts.open(200)) {
      const parked = alert.kind === 'discord.channel_parked';
      await this.notifier.condition(
        alertKey(`operator.${alert.kind}`, alert.subject),
        true,
        () =>
          notice({
            title: parked ? `Discord channel ${alert.subject} parked` : `Operator alert: ${alert.kind}`,
            description: alert.message,
            facts: [
              { name: 'Kind', value: alert.kind },
              { name: 'Subject', value: alert.subject },
            ],
            dashboardPath: '/dashboard',
            actions: parked ? ['unpark'] : [],
          }),
        () => notice({ title: '', description: '', facts: [], dashboardPath: '/dashboard' }),
      );
    }
    // Those that were open and are resolved now.
    for (const key of await this.firingOperatorKeys()) {
      await this.notifier.condition(
        alertKey(key.kind, key.subject),
        false,
        () => notice({ title: '', description: '', facts: [], dashboardPath: '/dashboard' }),
        () =>
          notice({
            title: `Resolved: ${key.kind.replace(/^operator\./, '')} ${key.subject}`,
            description: 'The operator alert was resolved.',
            facts: [],
            severity: 'resolved',
            dashboardPath: '/dashboard',
          }),
      );
    }
  }

  /** Operator-alert keys the ops channel was told are firing whose operator alert is no longer open. */
  private async firingOperatorKeys(): Promise<{ kind: string; subject: string }[]> {
    return this.notifier.firingWithoutOpenOperatorAlert();
  }

  private async heartbeatsLost(): Promise<void> {
    const window = this.config.readiness.workerHeartbeatWindowSeconds;
    const rows = await this.heartbeats.list(24 * 3600);
    for (const role of WATCHED_ROLES) {
      const ofRole = rows.filter((r) => r.roles.split('+').includes(role));
      if (ofRole.length === 0) continue;
      const live = ofRole.filter((r) => !r.stoppedAt && r.ageSeconds <= window);
      const last = ofRole.reduce((a, b) => (a.beatAt > b.beatAt ? a : b));
      await this.notifier.condition(
        alertKey('heartbeat', role),
        live.length === 0,
        () =>
          notice({
            title: `No ${role} heard from`,
            description: `No ${role} process has written a heartbeat for ${Math.round(last.ageSeconds)} s (window ${window} s). ${role === 'worker' ? 'Jobs are not running.' : 'Slash commands and buttons are not answered.'}`,
            facts: [
              {
                name: 'Last seen',
                value: `${last.host} pid ${last.pid}, <t:${Math.floor(new Date(last.beatAt).getTime() / 1000)}:R>`,
              },
              { name: 'Stopped cleanly', value: last.stoppedAt ? 'yes' : 'no' },
            ],
            dashboardPath: '/dashboard/system',
          }),
        () =>
          notice({
            title: `${role[0]!.toUpperCase()}${role.slice(1)} back`,
            description: `${live.length} ${role} process${live.length === 1 ? '' : 'es'} heard from again.`,
            facts: live.map((p) => ({ name: p.host, value: `pid ${p.pid}` })),
            severity: 'resolved',
            dashboardPath: '/dashboard/system',
          }),
      );
    }
  }

  private async diskNearlyFull(): Promise<void> {
    const disk = await diskSpace(this.config.dataDir);
    const percentFree = disk.sizeBytes > 0 ? (disk.freeBytes / disk.sizeBytes) * 100 : 100;
    const threshold = this.config.ops.diskFreeAlertPercent;
    const host = hostname();
    const facts = [
      { name: 'Host', value: host },
      { name: 'DATA_DIR', value: disk.path },
      { name: 'Free', value: `${percentFree.toFixed(1)}% (${Math.round(disk.freeBytes / 2 ** 20)} MiB)` },
    ];
    await this.notifier.condition(
      alertKey('disk', host),
      percentFree < threshold,
      () =>
        notice({
          title: `Disk nearly full on ${host}`,
          description: `The file system holding DATA_DIR has ${percentFree.toFixed(1)}% free, under ALERT_DISK_FREE_PERCENT (${threshold}%).`,
          facts,
          dashboardPath: '/dashboard/system',
        }),
      () =>
        notice({
          title: `Disk space back on ${host}`,
          description: `${percentFree.toFixed(1)}% free.`,
          facts,
          severity: 'resolved',
          dashboardPath: '/dashboard/system',
        }),
    );
  }

  private async notReady(): Promise<void> {
    const readiness = await this.readiness.check();
    const failing = Object.entries(readiness.checks).filter(([, c]) => !c.ok);
    await this.notifier.condition(
      alertKey('ready', 'api'),
      !readiness.ready,
      () =>
        notice({
          title: '/ready failing',
          description: 'An api process answers /ready with 503: a load balancer takes it out of rotation.',
          facts: failing.map(([name, c]) => ({ name, value: c.detail })),
          dashboardPath: '/dashboard/system',
        }),
      () =>
        notice({
          title: '/ready passing again',
          description: 'Every readiness check passes.',
          facts: [],
          severity: 'resolved',
          dashboardPath: '/dashboard/system',
        }),
    );
  }

  private async signatureBursts(): Promise<void> {
    const threshold = this.config.ops.signatureFailures;
    for (const { source, count } of this.signatures.recent()) {
      if (count < threshold) continue;
      await this.notifier.event(alertKey('signatures.rejected', source), count, () =>
        notice({
          title: `Refused signatures on ${source}`,
          description: `${count} deliveries to \`${source}\` were refused for their signature in the last 5 minutes (threshold ${threshold}): a sender with an old secret, or forged deliveries.`,
          facts: [
            { name: 'Source', value: source },
            { name: 'Refused (5 min)', value: String(count) },
          ],
          dashboardPath: `/dashboard/sources/${encodeURIComponent(source)}`,
        }),
      );
    }
  }
}
