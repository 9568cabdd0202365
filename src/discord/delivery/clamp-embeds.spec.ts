import { clampEmbeds } from './clamp-embeds';
import { DiscordEmbed, LIMITS } from './discord-message';

const total = (embeds: DiscordEmbed[]) =>
  embeds.reduce(
    (sum, e) =>
      sum +
      (e.title?.length ?? 0) +
      (e.description?.length ?? 0) +
      (e.footer?.text.length ?? 0) +
      (e.fields ?? []).reduce((s, f) => s + f.name.length + f.value.length, 0),
    0,
  );

describe('clampEmbeds', () => {
  it('leaves embeds within the limits as they are', () => {
    const embeds = [{ title: 'Release v1', description: 'notes', fields: [{ name: 'a', value: 'b' }], color: 5 }];
    expect(clampEmbeds(embeds)).toEqual(embeds);
  });

  it('cuts every part to its limit and the whole message to 6,000 characters', () => {
    const big: DiscordEmbed = {
      title: 't'.repeat(300),
      description: 'd'.repeat(5000),
      footer: { text: 'f'.repeat(3000) },
      fields: Array.from({ length: 30 }, () => ({ name: 'n'.repeat(300), value: 'v'.repeat(2000) })),
    };
    const clamped = clampEmbeds(Array.from({ length: 12 }, () => big));
    expect(clamped.length).toBeLessThanOrEqual(LIMITS.embedsPerMessage);
    expect(clamped[0]!.title).toHaveLength(LIMITS.embedTitle);
    expect(clamped[0]!.title!.endsWith('…')).toBe(true);
    expect(clamped[0]!.fields!.length).toBeLessThanOrEqual(LIMITS.embedFields);
    expect(clamped[0]!.fields!.every((f) => f.name.length <= 256 && f.value.length <= 1024)).toBe(true);
    expect(total(clamped)).toBeLessThanOrEqual(LIMITS.embedTotal);
    expect(clamped.length).toBeGreaterThanOrEqual(1);
  });
});
