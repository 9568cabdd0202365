import type { CaseMaker } from './fuzz-case';
import { signedRequest, step, validBody } from './signing';

const percentEncodeAll = (text: string): string =>
  [...Buffer.from(text)].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('');

/** Delivery URLs that are odd, encoded, long or made up. */
export const slugCases: CaseMaker[] = [
  {
    what: 'the slug percent-encoded',
    async make(ctx) {
      const path = `/webhooks/${percentEncodeAll(ctx.target.slug)}`;
      return [step(await signedRequest(ctx, validBody(ctx), { path }), 'either')];
    },
  },
  {
    what: 'the slug with a query string or a trailing slash',
    async make(ctx) {
      const path = `/webhooks/${ctx.target.slug}${ctx.random.pick(['/', '?x=1', '?', '/?a=%00&b=..', '#frag'])}`;
      return [step(await signedRequest(ctx, validBody(ctx), { path }), 'either')];
    },
  },
  {
    what: 'a made-up slug',
    async make(ctx) {
      const slug = ctx.random.pick([
        ctx.target.slug.toUpperCase(),
        `${ctx.target.slug}.json`,
        '..',
        '.',
        '%2e%2e',
        '%00',
        `${ctx.target.slug}%00`,
        'a'.repeat(ctx.random.int(64, 6000)),
        '%F0%9F%92%A9',
        '%E0%A4%A',
        '%',
        `${ctx.target.slug}%2Fx`,
        `${ctx.target.slug}/extra`,
        `x${ctx.random.word(20)}`,
        '%20',
        'events%2F1',
      ]);
      return [step(await signedRequest(ctx, validBody(ctx), { path: `/webhooks/${slug}` }), 'refused')];
    },
  },
  {
    what: 'raw bytes outside ASCII in the path',
    async make(ctx) {
      // Node's HTTP parser refuses these itself (400, no body): the request never reaches the app.
      const path = `/webhooks/${ctx.random.pick(['üñí©ødé', `${ctx.target.slug}ÿ`, '💩'])}`;
      const request = await signedRequest(ctx, validBody(ctx), { path });
      return [step({ ...request, path: Buffer.from(path).toString('latin1') }, 'transport')];
    },
  },
  {
    what: 'a path that is not a delivery’s',
    async make(ctx) {
      const path = ctx.random.pick([
        `/webhooks/${ctx.target.slug}/a/b`,
        '/webhooks/',
        '/webhooks//x',
        `//webhooks/${ctx.target.slug}`,
        `/webhooks/${ctx.target.slug}/..%2F..%2Fhealth`,
      ]);
      return [step(await signedRequest(ctx, validBody(ctx), { path }), 'either')];
    },
  },
];
