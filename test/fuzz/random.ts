/** A seeded pseudo-random source (mulberry32): the same seed makes the same corpus. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)]!;
  }

  /** Letters and digits. */
  word(length = this.int(1, 12)): string {
    const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[this.int(0, alphabet.length - 1)];
    return out;
  }

  /** Text with the characters that trip parsers and databases up. */
  nastyString(): string {
    return this.pick([
      '',
      ' ',
      'a\u0000b',
      '\u0000',
      '\ud800',
      '\udfff\ud800',
      '💩'.repeat(this.int(1, 50)),
      'مرحبا \u202e gnp.exe',
      '\\u0000',
      '"quoted" \\ back\\slash',
      '<script>alert(1)</script>',
      '](https://evil.example)[x',
      '\r\n\t\u000b\u000c',
      '%00%2e%2e%2f',
      '${jndi:ldap://x}',
      "'; DROP TABLE webhook_events; --",
      'x'.repeat(this.int(1000, 5000)),
      '{{ payload }} {% raw %}',
      '@everyone',
    ]);
  }

  /** Any JSON value, nested at most `depth` deep. */
  jsonValue(depth = 3): unknown {
    const kind = this.int(0, depth > 0 ? 7 : 5);
    switch (kind) {
      case 0:
        return null;
      case 1:
        return this.chance(0.5);
      case 2:
        return this.pick([0, -1, 1.5, 1e308, -1e-308, Number.MAX_SAFE_INTEGER + 2, 123456789]);
      case 3:
        return this.word();
      case 4:
        return this.nastyString();
      case 5:
        return '';
      case 6:
        return Array.from({ length: this.int(0, 4) }, () => this.jsonValue(depth - 1));
      default:
        return Object.fromEntries(
          Array.from({ length: this.int(0, 4) }, () => [this.word(), this.jsonValue(depth - 1)]),
        );
    }
  }
}
