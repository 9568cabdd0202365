import type { CaseContext, CaseMaker } from './fuzz-case';
import { signedRequest, step, unlessBodyless, validBody } from './signing';

/** Wraps `inner` in `depth` objects (or arrays). */
const nested = (depth: number, inner: string, arrays = false): string =>
  arrays ? `${'['.repeat(depth)}${inner}${']'.repeat(depth)}` : `${'{"d":'.repeat(depth)}${inner}${'}'.repeat(depth)}`;

/** The payload with `extra` (JSON text) added under the key `fuzz`, at its root or its first element. */
function withField(ctx: CaseContext, extra: string): Buffer {
  const text = validBody(ctx).toString('utf8');
  if (text.startsWith('[{')) return Buffer.from(`[{"fuzz":${extra},${text.slice(2)}`);
  if (text.startsWith('{')) return Buffer.from(`{"fuzz":${extra},${text.slice(1)}`);
  return Buffer.from(`{"fuzz":${extra}}`);
}

/** Replaces the values of random fields (anywhere in the payload) with values of other types. */
function scramble(ctx: CaseContext, value: unknown, depth = 0): unknown {
  if (depth > 0 && ctx.random.chance(0.3)) return ctx.random.jsonValue(2);
  if (Array.isArray(value)) return value.map((item) => scramble(ctx, item, depth + 1));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, scramble(ctx, item, depth + 1)]));
  }
  return value;
}

/** Signed bodies the sender could never have meant: the parse path, reached with a valid signature. */
export const bodyCases: CaseMaker[] = [
  {
    what: 'truncated JSON',
    async make(ctx) {
      const body = validBody(ctx);
      const cut = body.subarray(0, ctx.random.int(0, Math.max(0, body.length - 1)));
      return [step(await signedRequest(ctx, cut), unlessBodyless(ctx, 'refused'))];
    },
  },
  {
    what: 'malformed JSON',
    async make(ctx) {
      const text = validBody(ctx).toString('utf8');
      const at = ctx.random.int(0, text.length);
      const junk = ctx.random.pick(['{', '}', '"', ',', ':', ']]', '\\', 'NaN', 'undefined', "'", '//', '/*']);
      const body = Buffer.from(ctx.random.chance(0.5) ? text.slice(0, at) + junk + text.slice(at) : `${text}${junk}`);
      return [step(await signedRequest(ctx, body), 'either')];
    },
  },
  {
    what: 'wrong types in the fields',
    async make(ctx) {
      const payload = ctx.target.payload(ctx.random, ctx.marker);
      const body = Buffer.from(JSON.stringify(scramble(ctx, payload)));
      return [step(await signedRequest(ctx, body), 'either')];
    },
  },
  {
    what: 'a root of the wrong type',
    async make(ctx) {
      const root = ctx.random.pick([
        'null',
        'true',
        '0',
        '"text"',
        '[]',
        '{}',
        '[null]',
        '[[]]',
        '[1,2]',
        `"${ctx.marker}"`,
      ]);
      // Refused by the providers that need an object or an array; a generic source takes any JSON.
      return [step(await signedRequest(ctx, Buffer.from(root)), 'either')];
    },
  },
  {
    what: 'nesting under the limit',
    async make(ctx) {
      const body = withField(ctx, nested(ctx.random.int(10, 90), '1', ctx.random.chance(0.5)));
      return [step(await signedRequest(ctx, body), 'either')];
    },
  },
  {
    what: 'nesting over the limit',
    async make(ctx) {
      const depth = ctx.random.pick([101, 500, 10_000, 50_000]);
      const body = withField(ctx, nested(depth, `"${ctx.marker}"`, ctx.random.chance(0.5)));
      return [step(await signedRequest(ctx, body), unlessBodyless(ctx, 'refused'))];
    },
  },
  {
    what: 'a body just under the size limit',
    async make(ctx) {
      const base = withField(ctx, '""');
      const room = Math.max(0, ctx.maxBodyBytes - base.length - 16);
      const body = withField(ctx, JSON.stringify('x'.repeat(room)));
      return [step(await signedRequest(ctx, body), 'either')];
    },
  },
  {
    what: 'a body over the size limit',
    async make(ctx) {
      const body = withField(ctx, JSON.stringify('y'.repeat(ctx.maxBodyBytes)));
      const framing = ctx.random.pick(['content-length', 'chunked'] as const);
      return [step(await signedRequest(ctx, body, { framing }), 'refused')];
    },
  },
  {
    what: '\\u0000 escapes in values',
    async make(ctx) {
      const text = validBody(ctx).toString('utf8').replaceAll(ctx.marker, `${ctx.marker}\\u0000`);
      const body = ctx.random.chance(0.5) ? Buffer.from(text) : withField(ctx, '"\\u0000\\u0000"');
      return [step(await signedRequest(ctx, body), 'either')];
    },
  },
  {
    what: '\\u0000 in every string',
    async make(ctx) {
      const text = validBody(ctx).toString('utf8').replace(/":"/g, '":"\\u0000');
      return [step(await signedRequest(ctx, Buffer.from(text)), 'either')];
    },
  },
  {
    what: 'a raw NUL byte',
    async make(ctx) {
      const body = validBody(ctx);
      const at = ctx.random.int(0, body.length);
      const sent = Buffer.concat([body.subarray(0, at), Buffer.from([0]), body.subarray(at)]);
      return [step(await signedRequest(ctx, sent), unlessBodyless(ctx, 'either'))];
    },
  },
  {
    what: 'odd unicode',
    async make(ctx) {
      const odd = ctx.random.pick(['"\\ud800"', '"\\udfff\\ud800"', '"💩\\u202e"', '"\\uFEFF"', '"\\u2028\\u2029"']);
      return [step(await signedRequest(ctx, withField(ctx, odd)), 'either')];
    },
  },
  {
    what: 'bytes that are not UTF-8',
    async make(ctx) {
      const text = validBody(ctx).toString('utf8');
      const at = Math.max(0, text.indexOf(ctx.marker));
      const body = Buffer.concat([
        Buffer.from(text.slice(0, at)),
        Buffer.from(ctx.random.pick([[0xff], [0xc3, 0x28], [0xe2, 0x82], [0xf0, 0x9f, 0x92], [0xef, 0xbb, 0xbf]])),
        Buffer.from(text.slice(at)),
      ]);
      return [step(await signedRequest(ctx, body), 'either')];
    },
  },
  {
    what: 'an empty or blank body',
    async make(ctx) {
      const body = Buffer.from(ctx.random.pick(['', ' ', '\n', '\r\n\r\n', '\t']));
      return [step(await signedRequest(ctx, body), unlessBodyless(ctx, 'refused'))];
    },
  },
  {
    what: 'prototype keys, duplicate keys and huge numbers',
    async make(ctx) {
      const extra = ctx.random.pick([
        '{"__proto__":{"polluted":true}}',
        '{"constructor":{"prototype":{"polluted":true}}}',
        '1e400',
        '-1e400',
        '123456789012345678901234567890',
        '{"a":1,"a":2}',
      ]);
      const text = withField(ctx, extra).toString('utf8');
      const body = ctx.random.chance(0.3)
        ? Buffer.from(text.replace('{"fuzz"', '{"__proto__":1,"fuzz"'))
        : Buffer.from(text);
      return [step(await signedRequest(ctx, body), 'either')];
    },
  },
];
