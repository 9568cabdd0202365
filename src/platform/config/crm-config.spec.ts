import { ConfigError, loadConfig } from './app-config';
import { intervalCron } from './crm-config';

describe('CRM configuration', () => {
  it('turns the sync interval into a cron pg-boss can run', () => {
    expect(intervalCron(900)).toBe('*/15 * * * *');
    expect(intervalCron(60)).toBe('* * * * *');
    expect(intervalCron(3600)).toBe('0 * * * *');
    expect(intervalCron(7200)).toBe('0 */2 * * *');
    expect(intervalCron(86400)).toBe('0 0 * * *');
    expect(intervalCron(90)).toBeUndefined();
    expect(intervalCron(420)).toBeUndefined();
    expect(intervalCron(5 * 3600)).toBeUndefined();
  });

  it('reads the defaults and adds /api/v1 to ESPO_BASE_URL', () => {
    const config = loadConfig({ ESPO_BASE_URL: 'https://crm.example.org/', ESPO_API_KEY: 'k' });
    expect(config.crm.espo).toMatchObject({ baseUrl: 'https://crm.example.org/api/v1', apiKey: 'k', maxAttempts: 5 });
    expect(config.crm.sync).toEqual({
      enabled: false,
      intervalSeconds: 900,
      cron: '*/15 * * * *',
      pageSize: 200,
      refreshDebounceSeconds: 2,
    });
    expect(config.crm.fields.linkedin).toBe('cLinkedIn');
    expect(loadConfig({ CRM_LINKEDIN_FIELD: 'cLinkedInUrl' }).crm.fields.linkedin).toBe('cLinkedInUrl');
    expect(loadConfig({}).crm.espo).toBeUndefined();
  });

  it('lists every problem with its variable', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig({ CRM_SYNC_ENABLED: 'true', CRM_SYNC_INTERVAL_SECONDS: '420', CRM_SYNC_PAGE_SIZE: '500' });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error?.problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('ESPO_BASE_URL must be'),
        expect.stringContaining('ESPO_API_KEY must be'),
        'CRM_SYNC_PAGE_SIZE must be a whole number from 1 to 200',
        expect.stringContaining('CRM_SYNC_INTERVAL_SECONDS must divide an hour'),
      ]),
    );
    expect(() => loadConfig({ CRM_GITHUB_FIELD: 'has space' })).toThrow(
      'CRM_GITHUB_FIELD must be an EspoCRM attribute name',
    );
  });
});
