import type { CaseContext, Expectation, FuzzStep } from './fuzz-case';
import { newDeliveryId } from './targets';
import type { WireRequest } from './wire';

export interface SignOptions {
  path?: string;
  /** Seconds the sender claims to sign at (default now). */
  nowSeconds?: number;
  deliveryId?: string;
  /** Sent instead of the signed body (a body changed after signing). */
  sentBody?: Buffer;
  framing?: WireRequest['framing'];
}

/** A request for the target's source with `body`, signed as its sender signs. */
export async function signedRequest(ctx: CaseContext, body: Buffer, options: SignOptions = {}): Promise<WireRequest> {
  const path = options.path ?? `/webhooks/${ctx.target.slug}`;
  const headers = await ctx.target.headers(body, {
    origin: ctx.origin,
    path,
    nowSeconds: options.nowSeconds ?? Math.floor(Date.now() / 1000),
    deliveryId: options.deliveryId ?? newDeliveryId(),
  });
  return { method: 'POST', path, headers, body: options.sentBody ?? body, framing: options.framing };
}

export const step = (request: WireRequest, expect: Expectation): FuzzStep => ({ request, expect });

/** The target's payload as its sender would serialise it. */
export const validBody = (ctx: CaseContext): Buffer => {
  const payload = ctx.target.payload(ctx.random, ctx.marker);
  return Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload));
};

/** What a body change means for the outcome: a target that ignores bodies accepts anything. */
export const unlessBodyless = (ctx: CaseContext, expect: Expectation): Expectation =>
  ctx.target.bodyless ? 'either' : expect;

/** Replaces the header `name` (case-insensitive), or adds it. */
export function withHeader(request: WireRequest, name: string, value: string | undefined): WireRequest {
  const headers = request.headers.filter(([n]) => n.toLowerCase() !== name.toLowerCase());
  if (value !== undefined) headers.push([name, value]);
  return { ...request, headers };
}
