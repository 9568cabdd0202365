import { escapeMarkdown } from 'discord.js';
import { CRM_LABELS } from '../../../people/crm/crm-labels';
import type { PersonCard, PeopleCounts } from '../../../people/directory/people-lookup';
import type { SyncRun } from '../../../people/store/sync-runs';
import { clip, discordTime } from './format';

const TOP_SKILLS = 3;

/** Strongest first; skills without a strength after those with one. */
const byStrength = (person: PersonCard) =>
  [...person.skills].sort((a, b) => (b.strength ?? 0) - (a.strength ?? 0) || a.name.localeCompare(b.name));

const strength = (value: number | null) => (value === null ? '' : ` (${value}/5)`);

export const personName = (person: PersonCard): string =>
  escapeMarkdown(person.name ?? person.primaryEmail ?? person.discordUsername ?? 'unnamed');

/** One search result: **name** · roles · top skills · the Discord mention when linked · (HubSpot) when from there. */
export function memberLine(person: PersonCard): string {
  const parts = [`**${clip(personName(person), 80)}**`];
  if (person.roles.length > 0) parts.push(escapeMarkdown(clip(person.roles.join(', '), 80)));
  const top = byStrength(person).slice(0, TOP_SKILLS);
  if (top.length > 0) parts.push(escapeMarkdown(top.map((s) => `${s.name}${strength(s.strength)}`).join(', ')));
  if (person.discordUserId) parts.push(`<@${person.discordUserId}>`);
  // EspoCRM is the people cache's first CRM: only the others are named.
  const from = person.crm === 'espocrm' ? '' : ` (${CRM_LABELS[person.crm]})`;
  return `• ${parts.join(' · ')}${from}`;
}

export function memberList(people: PersonCard[], total: number): string {
  const more = total > people.length ? `\n…and ${total - people.length} more; narrow the search to see them.` : '';
  return `${total === 1 ? '1 person matches' : `${total} people match`}:\n${people.map(memberLine).join('\n')}${more}`;
}

/** A person's skills with their strengths, strongest first. */
export function skillsView(person: PersonCard): string {
  const header = `Skills of **${clip(personName(person), 80)}**${person.discordUserId ? ` (<@${person.discordUserId}>)` : ''}`;
  if (person.skills.length === 0) return `${header}: none recorded in the CRM.`;
  const lines = byStrength(person).map((s) => `• ${escapeMarkdown(s.name)}${strength(s.strength)}`);
  return clip(`${header}:\n${lines.join('\n')}`, 1900);
}

export interface CrmStatus {
  counts: PeopleCounts;
  lastRun: SyncRun | undefined;
  espoConfigured: boolean;
  syncEnabled: boolean;
  intervalSeconds: number;
}

export function crmStatusView({ counts, lastRun, espoConfigured, syncEnabled, intervalSeconds }: CrmStatus): string {
  const lines = [
    `**People cache**: ${counts.active} active${counts.hubspot > 0 ? ` (${counts.hubspot} from HubSpot)` : ''}, ${counts.missing} missing in the CRM`,
    espoConfigured
      ? `**EspoCRM**: configured; scheduled sync ${syncEnabled ? `every ${Math.round(intervalSeconds / 60)} min` : 'off (CRM_SYNC_ENABLED)'}`
      : '**EspoCRM**: not configured (ESPO_BASE_URL and ESPO_API_KEY)',
  ];
  if (!lastRun) {
    lines.push('**Last full sync**: none yet');
  } else {
    const when = discordTime(lastRun.finishedAt ?? lastRun.startedAt);
    const counted = `seen ${lastRun.seen}, created ${lastRun.created}, changed ${lastRun.changed}, unchanged ${lastRun.unchanged}, missing ${lastRun.missing}, failed ${lastRun.failed}`;
    const state =
      lastRun.status === 'running'
        ? `running since ${discordTime(lastRun.startedAt)}`
        : `${lastRun.status} ${when}${lastRun.error ? ` (${escapeMarkdown(clip(lastRun.error, 200))})` : ''}`;
    lines.push(`**Last full sync** (${lastRun.trigger}): ${state}; ${counted}`);
  }
  return lines.join('\n');
}
