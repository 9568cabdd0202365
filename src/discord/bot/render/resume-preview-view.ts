import { escapeMarkdown } from 'discord.js';
import type { PreviewPlan } from '../../../people/changes/resume-preview-plan';
import type { ProposedChange } from '../../../resumes/preview/resume-preview';
import type { BotReply } from '../interactions/bot-reply';
import { shownValue } from './contact-changes-view';
import { clip, discordTime } from './format';

export const RESUME_PREVIEW_BUTTON = 'resume-preview';

const line = (change: ProposedChange) =>
  change.kind === 'add'
    ? `• ${change.field}: add ${shownValue(change.proposed)}${change.current ? ` (has ${shownValue(change.current)})` : ''}`
    : `• ${change.field}: ${shownValue(change.current)} → ${shownValue(change.proposed)}`;

export interface PreviewHeader {
  personName: string;
  fileName: string;
  askerId: string;
}

export const previewHeader = ({ personName, fileName, askerId }: PreviewHeader): string =>
  `📄 Resume preview for **${personName}** from ${escapeMarkdown(clip(fileName, 80))} (uploaded by <@${askerId}>)`;

/** The preview message: what Apply would write (CRM now → resume), what it leaves, and the buttons. */
export function resumePreviewMessage(
  header: PreviewHeader,
  plan: PreviewPlan,
  session: { id: string; expiresAt: Date } | undefined,
): BotReply {
  const parts = [previewHeader(header)];
  if (plan.apply.length > 0) parts.push(`Apply would write (CRM now → resume):\n${plan.apply.map(line).join('\n')}`);
  else parts.push('Nothing to apply: the resume holds nothing the contact lacks.');
  if (plan.kept.length > 0) {
    parts.push(`Kept as the CRM has them (upload with overwrite:true to replace):\n${plan.kept.map(line).join('\n')}`);
  }
  if (plan.unwritable.length > 0) {
    parts.push(`Found but not written (no CRM field): ${plan.unwritable.map((c) => c.field).join(', ')}`);
  }
  if (session) {
    parts.push(
      `Only <@${header.askerId}> can press Apply (writes these fields to EspoCRM and attaches the file to the contact) or Cancel, until ${discordTime(session.expiresAt, 'R')}.`,
    );
  }
  return {
    content: clip(parts.join('\n\n'), 1990),
    components: session
      ? [
          {
            type: 1,
            components: [
              { type: 2, style: 3, label: 'Apply', custom_id: `${RESUME_PREVIEW_BUTTON}/apply/${session.id}` },
              { type: 2, style: 2, label: 'Cancel', custom_id: `${RESUME_PREVIEW_BUTTON}/cancel/${session.id}` },
            ],
          },
        ]
      : [],
  };
}
