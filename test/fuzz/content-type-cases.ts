import type { CaseMaker } from './fuzz-case';
import { signedRequest, step, validBody, withHeader } from './signing';

/** Content types a provider never sends, and odd spellings of the one it does. */
export const contentTypeCases: CaseMaker[] = [
  {
    what: 'an odd content type',
    async make(ctx) {
      const type = ctx.random.pick([
        undefined,
        '',
        'text/plain',
        'text/xml',
        'multipart/form-data; boundary=x',
        'application/json; charset=utf-16',
        'application/json;;;',
        'APPLICATION/JSON',
        'application/vnd.api+json',
        'application/x-www-form-urlencoded',
        `application/json; ${'p=1; '.repeat(500)}`,
        '*/*',
        'application/json\u00ff',
      ]);
      const request = withHeader(await signedRequest(ctx, validBody(ctx)), 'content-type', type);
      return [step(request, 'either')];
    },
  },
  {
    what: 'a form body',
    async make(ctx) {
      const json = validBody(ctx).toString('utf8');
      const body = Buffer.from(
        ctx.random.pick([
          `payload=${encodeURIComponent(json)}`,
          `payload=${encodeURIComponent(json.slice(0, 10))}`,
          'payload=',
          'other=1',
          'payload=%E0%A4%A',
          `payload=${encodeURIComponent(json)}&payload=2`,
        ]),
      );
      const request = withHeader(await signedRequest(ctx, body), 'content-type', 'application/x-www-form-urlencoded');
      return [step(request, 'either')];
    },
  },
];
