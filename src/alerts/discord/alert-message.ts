import type { DiscordActionRow, DiscordButton, DiscordEmbed } from '../../discord/delivery/discord-message';

/** Button custom ids: `ops-alert/<action>/<alert id>`. */
export const ALERT_BUTTON = 'ops-alert';
export type AlertAction = 'redrive' | 'discard' | 'unpark' | 'open' | 'mute';

/** One thing the ops channel is told: what happened, the facts, and where to act. */
export interface AlertNotice {
  title: string;
  description: string;
  facts: { name: string; value: string }[];
  /** Red while firing, green when it ended. */
  severity: 'firing' | 'resolved';
  /** Dashboard path the "Open in dashboard" link lands on. */
  dashboardPath: string;
  /** What the first buttons do: dead jobs can be redriven or discarded, a parked channel unparked. */
  actions: ('redrive' | 'discard' | 'unpark')[];
}

const COLOURS = { firing: 0xd83c3e, resolved: 0x2e8b57 } as const;
const LABELS: Record<AlertAction, string> = {
  redrive: 'Redrive',
  discard: 'Discard',
  unpark: 'Unpark',
  open: 'Open in dashboard',
  mute: 'Mute 1 h',
};
const STYLES: Record<AlertAction, DiscordButton['style']> = {
  redrive: 1,
  discard: 4,
  unpark: 1,
  open: 2,
  mute: 2,
};

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export function alertEmbed(notice: AlertNotice, note?: string): DiscordEmbed {
  return {
    title: clip(notice.title, 256),
    description: clip([notice.description, note].filter(Boolean).join('\n\n'), 4096),
    color: COLOURS[notice.severity],
    fields: notice.facts
      .slice(0, 25)
      .map((f) => ({ name: clip(f.name, 256), value: clip(f.value || '–', 1024), inline: true })),
    timestamp: new Date().toISOString(),
  };
}

/** Buttons for an alert the bot posted (a webhook message cannot carry them). */
export function alertButtons(alertId: string, notice: AlertNotice): DiscordActionRow[] {
  if (notice.severity === 'resolved') return [];
  const actions: AlertAction[] = [...notice.actions, 'open', 'mute'];
  return [
    {
      type: 1,
      components: actions.map((action) => ({
        type: 2,
        style: STYLES[action],
        label: LABELS[action],
        custom_id: `${ALERT_BUTTON}/${action}/${alertId}`,
      })),
    },
  ];
}
