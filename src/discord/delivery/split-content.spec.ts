import { splitContent } from './split-content';

describe('splitContent', () => {
  it('leaves a short message alone', () => {
    expect(splitContent('hello\nworld')).toEqual(['hello\nworld']);
  });

  it('splits 3,000 characters of lines into two messages on a line boundary, losing nothing', () => {
    const lines = Array.from({ length: 100 }, (_, i) => `line ${String(i).padStart(3, '0')} ${'x'.repeat(20)}`);
    const text = lines.join('\n');
    const parts = splitContent(text);
    expect(parts).toHaveLength(2);
    parts.forEach((p) => expect(p.length).toBeLessThanOrEqual(2000));
    expect(parts.join('\n')).toBe(text);
    expect(parts[1]!.startsWith('line ')).toBe(true);
  });

  it('closes and reopens a code block cut by a split, keeping its language', () => {
    const code = Array.from({ length: 120 }, (_, i) => `const value${i} = compute(${i}); // step`).join('\n');
    const text = `Build failed:\n\`\`\`ts\n${code}\n\`\`\`\nSee the logs.`;
    const parts = splitContent(text, 2000);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(2000);
      expect((part.match(/```/g) ?? []).length % 2).toBe(0);
    }
    expect(parts[1]!.startsWith('```ts\n')).toBe(true);
    expect(parts[parts.length - 1]!.endsWith('See the logs.')).toBe(true);
  });

  it('cuts a single line longer than a message', () => {
    const parts = splitContent('y'.repeat(4500));
    expect(parts.every((p) => p.length <= 2000)).toBe(true);
    expect(parts.join('')).toBe('y'.repeat(4500));
  });
});
