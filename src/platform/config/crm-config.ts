import type { EspoSettings } from '../../people/crm/espo-settings';
import { espoApiRoot } from '../../people/crm/espo-settings';
import type { Environment } from './environment';

/** Which EspoCRM attribute holds each person field (custom fields start with `c`). */
export interface CrmFieldNames {
  discordUsername: string;
  discordUserId: string;
  github: string;
  linkedin: string;
  skills: string;
  skillAttrs: string;
  roles: string;
  seniority: string;
  timezone: string;
  memberAgreement: string;
  /** An attachment-multiple field: `<name>Ids`, `<name>Names`, `<name>Types`. */
  resume: string;
  /** A datetime field: when an admin checked the person's identity (`/mark-id-verified`). */
  idVerified: string;
}

/**
 * Which HubSpot contact property holds each person field the standard properties lack, for
 * hubspot-contacts sources that feed the people cache (`feedPeople`).
 */
export interface HubspotPeopleProperties {
  discordUserId: string;
  discordUsername: string;
  github: string;
  linkedin: string;
  /** A multiple-checkboxes property (`;`-separated) or a comma list. */
  skills: string;
  roles: string;
  seniority: string;
  timezone: string;
}

export interface CrmSettings {
  /** Undefined: no EspoCRM configured (ESPO_BASE_URL and ESPO_API_KEY unset). */
  espo?: EspoSettings;
  sync: {
    enabled: boolean;
    intervalSeconds: number;
    /** The pg-boss cron the interval becomes (one run per tick, cluster-wide). */
    cron: string;
    pageSize: number;
    /** Webhooks for one contact within this window are one re-read. */
    refreshDebounceSeconds: number;
  };
  fields: CrmFieldNames;
  hubspotProperties: HubspotPeopleProperties;
}

/**
 * pg-boss schedules are cron expressions (a minute at the finest), so the interval must divide an
 * hour into whole minutes or a day into whole hours: 900 → `*\/15 * * * *`, 7200 → `0 *\/2 * * *`.
 */
export function intervalCron(seconds: number): string | undefined {
  if (seconds % 60 !== 0) return undefined;
  const minutes = seconds / 60;
  if (minutes === 1) return '* * * * *';
  if (minutes < 60 && 60 % minutes === 0) return `*/${minutes} * * * *`;
  if (minutes % 60 !== 0) return undefined;
  const hours = minutes / 60;
  if (hours === 24) return '0 0 * * *';
  if (24 % hours === 0) return hours === 1 ? '0 * * * *' : `0 */${hours} * * *`;
  return undefined;
}

export function readCrmConfig(env: Environment, problems: string[]): CrmSettings {
  const intervalSeconds = env.CRM_SYNC_INTERVAL_SECONDS ?? 900;
  const cron = intervalCron(intervalSeconds);
  if (!cron) {
    problems.push(
      'CRM_SYNC_INTERVAL_SECONDS must divide an hour into whole minutes or a day into whole hours (60, 300, 900, 1800, 3600, 7200, …, 86400)',
    );
  }
  if (env.ESPO_BASE_URL && !env.ESPO_API_KEY) problems.push('ESPO_API_KEY is required with ESPO_BASE_URL');
  if (env.ESPO_API_KEY && !env.ESPO_BASE_URL) problems.push('ESPO_BASE_URL is required with ESPO_API_KEY');
  const espo: EspoSettings | undefined =
    env.ESPO_BASE_URL && env.ESPO_API_KEY
      ? {
          baseUrl: espoApiRoot(env.ESPO_BASE_URL),
          apiKey: env.ESPO_API_KEY,
          timeoutMs: (env.ESPO_TIMEOUT_SECONDS ?? 30) * 1000,
          maxAttempts: env.ESPO_MAX_ATTEMPTS ?? 5,
          retryBaseMs: 500,
          retryAfterMaxMs: (env.ESPO_RETRY_AFTER_MAX_SECONDS ?? 120) * 1000,
        }
      : undefined;
  return {
    espo,
    sync: {
      enabled: env.CRM_SYNC_ENABLED === 'true',
      intervalSeconds,
      cron: cron ?? '*/15 * * * *',
      pageSize: env.CRM_SYNC_PAGE_SIZE ?? 200,
      refreshDebounceSeconds: env.CRM_REFRESH_DEBOUNCE_SECONDS ?? 2,
    },
    fields: {
      discordUsername: env.CRM_DISCORD_USERNAME_FIELD ?? 'cDiscordUsername',
      discordUserId: env.CRM_DISCORD_USER_ID_FIELD ?? 'cDiscordUserID',
      github: env.CRM_GITHUB_FIELD ?? 'cGitHubUsername',
      linkedin: env.CRM_LINKEDIN_FIELD ?? 'cLinkedIn',
      skills: env.CRM_SKILLS_FIELD ?? 'skills',
      skillAttrs: env.CRM_SKILL_ATTRS_FIELD ?? 'cSkillAttrs',
      roles: env.CRM_ROLES_FIELD ?? 'cRoles',
      seniority: env.CRM_SENIORITY_FIELD ?? 'cSeniority',
      timezone: env.CRM_TIMEZONE_FIELD ?? 'cTimezone',
      memberAgreement: env.CRM_MEMBER_AGREEMENT_FIELD ?? 'cMemberAgreementSignedAt',
      resume: env.CRM_RESUME_FIELD ?? 'resume',
      idVerified: env.CRM_ID_VERIFIED_FIELD ?? 'cIdVerifiedAt',
    },
    hubspotProperties: {
      discordUserId: env.HUBSPOT_DISCORD_USER_ID_PROPERTY ?? 'discord_user_id',
      discordUsername: env.HUBSPOT_DISCORD_USERNAME_PROPERTY ?? 'discord_username',
      github: env.HUBSPOT_GITHUB_PROPERTY ?? 'github_username',
      linkedin: env.HUBSPOT_LINKEDIN_PROPERTY ?? 'linkedin_url',
      skills: env.HUBSPOT_SKILLS_PROPERTY ?? 'skills',
      roles: env.HUBSPOT_ROLES_PROPERTY ?? 'jobtitle',
      seniority: env.HUBSPOT_SENIORITY_PROPERTY ?? 'seniority',
      timezone: env.HUBSPOT_TIMEZONE_PROPERTY ?? 'timezone',
    },
  };
}
