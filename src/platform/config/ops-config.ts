import type { Environment } from './environment';

/** Operator alerts sent to Discord (src/alerts) and the thresholds that raise them. */
export interface OpsSettings {
  /** Where alerts are posted through the bot (with buttons); takes precedence over the webhook. */
  alertChannelId?: string;
  /** A Discord webhook for teams without a bot: alerts without buttons. */
  alertWebhookUrl?: string;
  /** At most one message per alert (kind and subject) per this many seconds. */
  cooldownSeconds: number;
  /** How often a worker looks for conditions to alert on. */
  checkIntervalSeconds: number;
  /** Refused signatures per source within 5 minutes that raise an alert. */
  signatureFailures: number;
  /** Free space on DATA_DIR's file system below this percentage raises an alert. */
  diskFreeAlertPercent: number;
}

/** Days each kind of record is kept; pruned hourly by `webhook.prune`. */
export interface RetentionSettings {
  auditDays: number;
  bulkReplayDays: number;
  resolvedAlertDays: number;
  /** For stored files (resumes); 0 keeps them forever. */
  storedFileDays: number;
  /** For sync state tombstones (records deleted at the source) that the sync keeps. */
  syncTombstoneDays: number;
}

export function readOpsConfig(env: Environment): OpsSettings {
  return {
    alertChannelId: env.OPS_ALERT_CHANNEL_ID,
    alertWebhookUrl: env.OPS_ALERT_WEBHOOK_URL,
    cooldownSeconds: env.ALERT_COOLDOWN_SECONDS ?? 900,
    checkIntervalSeconds: env.ALERT_CHECK_INTERVAL_SECONDS ?? 30,
    signatureFailures: env.ALERT_SIGNATURE_FAILURES ?? 20,
    diskFreeAlertPercent: env.ALERT_DISK_FREE_PERCENT ?? 10,
  };
}

export function readRetentionConfig(env: Environment): RetentionSettings {
  return {
    auditDays: env.AUDIT_RETENTION_DAYS ?? 365,
    bulkReplayDays: env.BULK_REPLAY_RETENTION_DAYS ?? 90,
    resolvedAlertDays: env.RESOLVED_ALERT_RETENTION_DAYS ?? 90,
    storedFileDays: env.STORED_FILE_RETENTION_DAYS ?? 90,
    syncTombstoneDays: env.SYNC_TOMBSTONE_RETENTION_DAYS ?? 90,
  };
}
