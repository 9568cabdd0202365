import type { APIEmbed } from 'discord.js';
import { redactCredentials } from '../../../platform/security/redact-credentials';
import { clip, code, COLOURS } from './format';

interface RuleSummary {
  id: string;
  text: string;
  enabled: boolean;
  position: number;
}

interface RuleTest {
  matches: boolean;
  action: { name: string; params: Record<string, string> };
  message: string | null;
}

const DESCRIPTION_MAX = 4000;

/** The rules in routing order, as many as fit one embed; credentials in them hidden (Discord is not the editor). */
export function rulesEmbed(rules: RuleSummary[]): APIEmbed {
  if (rules.length === 0) {
    return { title: 'Routing rules', color: COLOURS.neutral, description: 'No rules yet: nothing is routed.' };
  }
  const lines: string[] = [];
  let length = 0;
  for (const [index, rule] of rules.entries()) {
    const line = `**${rule.position}.** ${rule.enabled ? '' : '*(off)* '}${code(clip(redactCredentials(rule.text), 300))}`;
    if (length + line.length + 40 > DESCRIPTION_MAX) {
      lines.push(`… and ${rules.length - index} more (the rules API lists them all)`);
      break;
    }
    lines.push(line);
    length += line.length + 1;
  }
  const enabled = rules.filter((r) => r.enabled).length;
  return {
    title: 'Routing rules',
    color: COLOURS.busy,
    description: lines.join('\n'),
    footer: { text: `${rules.length} rule${rules.length === 1 ? '' : 's'}, ${enabled} enabled; applied in this order` },
  };
}

/** A dry run's verdict and, when it would post, the exact message. */
export function ruleTestEmbeds(result: RuleTest, eventId: string): APIEmbed[] {
  const params = Object.entries(result.action.params)
    .map(([k, v]) => redactCredentials(`${k}=${v}`))
    .join(' ');
  const verdict: APIEmbed = {
    title: result.matches ? 'The rule matches this event' : 'The rule does not match this event',
    color: result.matches ? COLOURS.ok : COLOURS.neutral,
    description: [
      `Event ${code(eventId)}`,
      `Action: ${code(`${result.action.name}${params ? ` ${params}` : ''}`)}`,
      result.matches ? 'Dry run: nothing was posted.' : '',
    ]
      .filter(Boolean)
      .join('\n'),
  };
  if (result.message === null) return [verdict];
  const channel = result.action.params.channel;
  return [
    verdict,
    {
      title: 'Message preview',
      color: COLOURS.busy,
      description: `${channel ? `To <#${channel}>:\n\n` : ''}${clip(result.message, DESCRIPTION_MAX - 40)}`,
    },
  ];
}
