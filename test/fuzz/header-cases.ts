import type { CaseMaker } from './fuzz-case';
import { signedRequest, step, validBody, withHeader } from './signing';

/** Huge, repeated, missing and odd headers around a correctly signed body. */
export const headerCases: CaseMaker[] = [
  {
    what: 'a huge header under Node’s limit',
    async make(ctx) {
      const request = await signedRequest(ctx, validBody(ctx));
      return [step(withHeader(request, 'x-fuzz-padding', 'p'.repeat(ctx.random.int(2000, 12_000))), 'either')];
    },
  },
  {
    what: 'headers over Node’s limit',
    async make(ctx) {
      const request = await signedRequest(ctx, validBody(ctx));
      return [step(withHeader(request, 'x-fuzz-padding', 'p'.repeat(ctx.random.int(20_000, 80_000))), 'transport')];
    },
  },
  {
    what: 'hundreds of headers',
    async make(ctx) {
      const request = await signedRequest(ctx, validBody(ctx));
      const extra: [string, string][] = Array.from({ length: ctx.random.int(100, 500) }, (_, i) => [
        `x-fuzz-${i}`,
        'v',
      ]);
      return [step({ ...request, headers: [...request.headers, ...extra] }, 'either')];
    },
  },
  {
    what: 'the signature header twice',
    async make(ctx) {
      const request = await signedRequest(ctx, validBody(ctx));
      const name = ctx.random.pick(ctx.target.signatureHeaders);
      const value = request.headers.find(([n]) => n === name)?.[1] ?? '';
      const other = ctx.random.pick(['', 'garbage', `${value}x`, value]);
      const headers: [string, string][] = ctx.random.chance(0.5)
        ? [...request.headers, [name, other]]
        : [[name, other], ...request.headers];
      return [step({ ...request, headers }, 'either')];
    },
  },
  {
    what: 'every header twice',
    async make(ctx) {
      const request = await signedRequest(ctx, validBody(ctx));
      return [step({ ...request, headers: [...request.headers, ...request.headers] }, 'either')];
    },
  },
  {
    what: 'content-length twice, disagreeing',
    async make(ctx) {
      const request = await signedRequest(ctx, validBody(ctx));
      const headers: [string, string][] = [...request.headers, ['content-length', String(request.body.length + 7)]];
      return [step({ ...request, headers }, 'transport')];
    },
  },
  {
    what: 'a required header missing',
    async make(ctx) {
      const request = await signedRequest(ctx, validBody(ctx));
      const name = ctx.random.pick(request.headers.map(([n]) => n));
      const expect = ctx.target.signatureHeaders.includes(name) ? 'refused' : 'either';
      return [step(withHeader(request, name, undefined), expect)];
    },
  },
  {
    what: 'Latin-1 bytes in a header',
    async make(ctx) {
      const request = await signedRequest(ctx, validBody(ctx));
      return [step(withHeader(request, 'x-fuzz-latin1', 'caf\u00e9 \u00ff\u00fe'), 'either')];
    },
  },
];
