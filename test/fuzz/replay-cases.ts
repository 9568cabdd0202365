import type { CaseMaker } from './fuzz-case';
import { signedRequest, step, validBody } from './signing';
import { newDeliveryId } from './targets';

/** The same delivery again: stored once, answered as a duplicate. */
export const replayCases: CaseMaker[] = [
  {
    what: 'a delivery sent twice',
    async make(ctx) {
      const request = await signedRequest(ctx, validBody(ctx), { deliveryId: newDeliveryId() });
      return [step(request, 'accepted'), step(request, 'accepted')];
    },
  },
  {
    what: 'a delivery sent five times at once',
    together: true,
    async make(ctx) {
      const request = await signedRequest(ctx, validBody(ctx));
      return Array.from({ length: 5 }, () => step(request, 'accepted'));
    },
  },
];
