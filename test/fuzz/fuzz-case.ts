import type { Random } from './random';
import type { FuzzTarget } from './targets';
import type { WireRequest } from './wire';

export type Concern = 'valid' | 'body' | 'headers' | 'signature' | 'replay' | 'slug' | 'content-type';

/**
 * What a step's answer may be: `accepted` (2xx), `refused` (4xx with a reason), `either`, or
 * `transport` (Node's HTTP parser may refuse it without a body, or close the connection).
 */
export type Expectation = 'accepted' | 'refused' | 'either' | 'transport';

export interface FuzzStep {
  request: WireRequest;
  expect: Expectation;
}

export interface FuzzCase {
  /** `<n> <provider> <concern>: <what>`, enough to find it again with the seed. */
  id: string;
  target: string;
  concern: Concern;
  /** Unique text inside the payload: a refused case's marker must never be stored. */
  marker: string;
  steps: FuzzStep[];
  /** Send the steps at the same time rather than one after another. */
  together?: boolean;
}

export interface CaseContext {
  random: Random;
  target: FuzzTarget;
  marker: string;
  /** `http://host:port` of the api. */
  origin: string;
  maxBodyBytes: number;
}

/** One kind of case; `what` names it in the ledger. */
export interface CaseMaker {
  what: string;
  together?: boolean;
  make(ctx: CaseContext): Promise<FuzzStep[]>;
}
