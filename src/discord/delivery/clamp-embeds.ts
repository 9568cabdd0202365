import { DiscordEmbed, LIMITS } from './discord-message';

const cut = (value: string, max: number): string => (value.length > max ? `${value.slice(0, max - 1)}…` : value);

/** The characters of an embed that count toward Discord's 6,000 per message. */
export const embedSize = (embed: DiscordEmbed): number =>
  (embed.title?.length ?? 0) +
  (embed.description?.length ?? 0) +
  (embed.footer?.text.length ?? 0) +
  (embed.fields ?? []).reduce((sum, field) => sum + field.name.length + field.value.length, 0);

/**
 * Embeds cut to Discord's limits (per field, per embed, 25 fields, 10 embeds, 6,000 characters in
 * all), so a long payload shortens the message instead of failing it with a 400.
 */
export function clampEmbeds(embeds: readonly DiscordEmbed[]): DiscordEmbed[] {
  let budget = LIMITS.embedTotal;
  const clamped: DiscordEmbed[] = [];
  for (const embed of embeds.slice(0, LIMITS.embedsPerMessage)) {
    const next: DiscordEmbed = {
      ...embed,
      title: embed.title === undefined ? undefined : cut(embed.title, LIMITS.embedTitle),
      description: embed.description === undefined ? undefined : cut(embed.description, LIMITS.embedDescription),
      footer: embed.footer && { text: cut(embed.footer.text, LIMITS.footer) },
      fields: embed.fields?.slice(0, LIMITS.embedFields).map((field) => ({
        ...field,
        name: cut(field.name, LIMITS.fieldName) || '\u200b',
        value: cut(field.value, LIMITS.fieldValue) || '\u200b',
      })),
    };
    if (embedSize(next) > budget && next.description) {
      next.description = cut(next.description, Math.max(1, next.description.length - (embedSize(next) - budget)));
    }
    while (embedSize(next) > budget && next.fields?.length) next.fields = next.fields.slice(0, -1);
    if (embedSize(next) > budget) break;
    budget -= embedSize(next);
    clamped.push(Object.fromEntries(Object.entries(next).filter(([, v]) => v !== undefined)) as DiscordEmbed);
  }
  return clamped;
}
