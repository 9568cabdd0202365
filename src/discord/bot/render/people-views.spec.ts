import type { SyncRun } from '../../../people/store/sync-runs';
import { crmStatusView, memberLine } from './people-views';

const run = (fields: Partial<SyncRun>): SyncRun => ({
  id: 'r1',
  trigger: 'schedule',
  requestedBy: null,
  jobId: null,
  status: 'succeeded',
  startedAt: new Date('2026-12-07T10:00:00Z'),
  finishedAt: new Date('2026-12-07T10:01:00Z'),
  crmTotal: 3,
  seen: 3,
  created: 1,
  changed: 1,
  unchanged: 1,
  missing: 0,
  failed: 0,
  error: null,
  ...fields,
});

const status = {
  counts: { active: 0, missing: 0, hubspot: 0 },
  espoConfigured: false,
  syncEnabled: false,
  intervalSeconds: 900,
};

describe('crmStatusView', () => {
  it('names the settings when EspoCRM is not configured, and says no sync ran yet', () => {
    expect(crmStatusView({ ...status, lastRun: undefined })).toBe(
      [
        '**People cache**: 0 active, 0 missing in the CRM',
        '**EspoCRM**: not configured (ESPO_BASE_URL and ESPO_API_KEY)',
        '**Last full sync**: none yet',
      ].join('\n'),
    );
  });

  it('shows the schedule, and a failed run with its reason', () => {
    const text = crmStatusView({
      ...status,
      espoConfigured: true,
      syncEnabled: true,
      lastRun: run({ status: 'failed', error: 'EspoCRM answered 401 (bad_key)' }),
    });
    expect(text).toContain('**EspoCRM**: configured; scheduled sync every 15 min');
    expect(text).toContain(
      '**Last full sync** (schedule): failed <t:1796637660:f> (EspoCRM answered 401 (bad\\_key)); seen 3,',
    );
  });

  it('says how many active people come from HubSpot', () => {
    const text = crmStatusView({ ...status, counts: { active: 5, missing: 1, hubspot: 2 }, lastRun: undefined });
    expect(text).toContain('**People cache**: 5 active (2 from HubSpot), 1 missing in the CRM');
  });

  it('shows a running sync by when it started', () => {
    const text = crmStatusView({ ...status, lastRun: run({ status: 'running', finishedAt: null }) });
    expect(text).toContain('running since <t:1796637600:f>');
  });
});

describe('memberLine', () => {
  it('escapes markdown in CRM text and leaves out what is not there', () => {
    expect(
      memberLine({
        id: 'p',
        crm: 'espocrm',
        crmId: 'c-p',
        name: 'Jo_Ann *Star*',
        primaryEmail: null,
        discordUserId: null,
        discordUsername: null,
        roles: [],
        seniority: null,
        skills: [],
        latestResume: null,
      }),
    ).toBe('• **Jo\\_Ann \\*Star\\***');
  });

  it('names HubSpot for a person from there', () => {
    expect(
      memberLine({
        id: 'h',
        crm: 'hubspot',
        crmId: '1001',
        name: 'Ada Lovelace',
        primaryEmail: null,
        discordUserId: '123456789012345678',
        discordUsername: 'ada',
        roles: ['CTO'],
        seniority: null,
        skills: [],
        latestResume: null,
      }),
    ).toBe('• **Ada Lovelace** · CTO · <@123456789012345678> (HubSpot)');
  });
});
