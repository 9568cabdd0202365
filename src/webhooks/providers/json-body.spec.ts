import { MAX_JSON_DEPTH, nestedDeeperThan, parseJson } from './json-body';
import { MalformedDeliveryError } from './webhook-provider';

const nested = (depth: number, open = '{"a":', close = '}') => `${open.repeat(depth)}1${close.repeat(depth)}`;

describe('parseJson', () => {
  it('refuses 10,000 levels of nesting with the reason, before anything walks it', () => {
    expect(() => parseJson(`[${nested(10_000)}]`, 'EspoCRM body')).toThrow(
      new MalformedDeliveryError(`The EspoCRM body nests objects and arrays deeper than ${MAX_JSON_DEPTH} levels`),
    );
    expect(() => parseJson(nested(10_000, '[', ']'))).toThrow(MalformedDeliveryError);
  });

  it('accepts nesting up to the limit', () => {
    expect(parseJson(nested(MAX_JSON_DEPTH))).toBeDefined();
    expect(nestedDeeperThan(nested(MAX_JSON_DEPTH), MAX_JSON_DEPTH)).toBe(false);
    expect(nestedDeeperThan(nested(MAX_JSON_DEPTH + 1), MAX_JSON_DEPTH)).toBe(true);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    const brackets = JSON.stringify({
      text: '{'.repeat(500),
      quoted: 'say \\"[[[[\\" and \\\\',
      more: '[\\"'.repeat(300),
    });
    expect(nestedDeeperThan(brackets, 2)).toBe(false);
    expect(parseJson(brackets)).toMatchObject({ text: '{'.repeat(500) });
  });

  it('still says why text is not JSON', () => {
    expect(() => parseJson('{"a":', 'payload')).toThrow(/The payload is not valid JSON/);
    expect(() => parseJson('"unterminated')).toThrow(/not valid JSON/);
  });
});
