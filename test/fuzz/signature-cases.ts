import type { CaseContext, CaseMaker } from './fuzz-case';
import { signedRequest, step, validBody, withHeader } from './signing';
import type { WireRequest } from './wire';

/** The request with its (first) signature header's value changed by `change`. */
function resign(ctx: CaseContext, request: WireRequest, change: (value: string) => string): WireRequest {
  const name = ctx.target.signatureHeaders[0]!;
  const value = request.headers.find(([n]) => n === name)?.[1] ?? '';
  return withHeader(request, name, change(value));
}

const flipMiddle = (value: string): string => {
  const at = Math.floor(value.length / 2);
  const c = value[at] ?? 'a';
  return value.slice(0, at) + (c === 'a' ? 'b' : 'a') + value.slice(at + 1);
};

/** Bad and stale signatures, and bodies changed after signing: all refused with the reason. */
export const signatureCases: CaseMaker[] = [
  {
    what: 'one character of the signature changed',
    async make(ctx) {
      return [step(resign(ctx, await signedRequest(ctx, validBody(ctx)), flipMiddle), 'refused')];
    },
  },
  {
    what: 'a signature of the wrong shape',
    async make(ctx) {
      const replacement = ctx.random.pick([
        '',
        ' ',
        'sha256=',
        'sha1=zz',
        'v1,',
        'Bearer ',
        'Bearer a.b.c',
        'x'.repeat(5000),
        '=?utf-8?q?x?=',
        'sha256=' + '0'.repeat(64),
      ]);
      return [
        step(
          resign(ctx, await signedRequest(ctx, validBody(ctx)), () => replacement),
          'refused',
        ),
      ];
    },
  },
  {
    what: 'signed with another secret',
    async make(ctx) {
      // A Standard Webhooks secret is base64 after `whsec_`: appending text could decode to the same key.
      const secret = ctx.target.secret.startsWith('whsec_')
        ? `whsec_${Buffer.from(`not-the-key-${ctx.marker}`).toString('base64')}`
        : `${ctx.target.secret}-not`;
      const other = { ...ctx, target: { ...ctx.target, secret } };
      const request = await signedRequest(other, validBody(ctx));
      // Gmail's token does not depend on the secret: forge it instead.
      return [step(ctx.target.provider === 'gmail' ? resign(ctx, request, flipMiddle) : request, 'refused')];
    },
  },
  {
    what: 'a body changed after signing',
    async make(ctx) {
      const body = validBody(ctx);
      const sent = Buffer.from(body.toString('utf8').replace(ctx.marker, `${ctx.marker}!`));
      return [step(await signedRequest(ctx, body, { sentBody: sent }), ctx.target.bodySigned ? 'refused' : 'either')];
    },
  },
  {
    what: 'a stale or future timestamp',
    async make(ctx) {
      const skew = ctx.random.pick([-7200, -3700, -600, 600, 3700, 86_400 * 365]);
      const request = await signedRequest(ctx, validBody(ctx), { nowSeconds: Math.floor(Date.now() / 1000) + skew });
      // Refused when clearly outside the window (two minutes of slack for the sender's own clock).
      const { past, future } = ctx.target.freshness ?? {};
      const stale = past !== undefined && skew < -(past + 120);
      const early = future !== undefined && skew > future + 120;
      return [step(request, stale || early ? 'refused' : 'either')];
    },
  },
];
