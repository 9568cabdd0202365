import { ConfigError, loadConfig } from './app-config';

const base = { RUNTIME_ENV: 'test', DATABASE_URL: 'postgres://localhost/x' };

describe('ops and retention settings', () => {
  it('defaults: no alert destination, a 15-minute cooldown, audit events kept a year', () => {
    const config = loadConfig(base);
    expect(config.ops).toEqual({
      alertChannelId: undefined,
      alertWebhookUrl: undefined,
      cooldownSeconds: 900,
      checkIntervalSeconds: 30,
      signatureFailures: 20,
      diskFreeAlertPercent: 10,
    });
    expect(config.retention).toEqual({
      auditDays: 365,
      bulkReplayDays: 90,
      resolvedAlertDays: 90,
      storedFileDays: 90,
      syncTombstoneDays: 90,
    });
  });

  it('refuses what is not a channel id, a Discord webhook URL or a sane number, naming the variable', () => {
    try {
      loadConfig({
        ...base,
        OPS_ALERT_CHANNEL_ID: '#ops',
        OPS_ALERT_WEBHOOK_URL: 'https://example.com/hook',
        ALERT_COOLDOWN_SECONDS: '1',
        AUDIT_RETENTION_DAYS: '0',
      });
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toEqual([
        'OPS_ALERT_CHANNEL_ID must be a Discord channel id (17-20 digits)',
        'OPS_ALERT_WEBHOOK_URL must be a Discord webhook URL (https://discord.com/api/webhooks/<id>/<token>)',
        'ALERT_COOLDOWN_SECONDS must be a whole number from 10 to 86400',
        'AUDIT_RETENTION_DAYS must be a whole number of at least 1',
      ]);
    }
  });

  it('takes a channel and a webhook URL', () => {
    const config = loadConfig({
      ...base,
      OPS_ALERT_CHANNEL_ID: '123456789012345678',
      OPS_ALERT_WEBHOOK_URL: 'https://discord.com/api/webhooks/123456789012345678/abc-DEF_123',
    });
    expect(config.ops.alertChannelId).toBe('123456789012345678');
    expect(config.ops.alertWebhookUrl).toBe('https://discord.com/api/webhooks/123456789012345678/abc-DEF_123');
  });
});
