import { bodyCases } from './body-cases';
import { contentTypeCases } from './content-type-cases';
import type { CaseMaker, Concern, FuzzCase } from './fuzz-case';
import { headerCases } from './header-cases';
import { Random } from './random';
import { replayCases } from './replay-cases';
import { signatureCases } from './signature-cases';
import { signedRequest, step, validBody } from './signing';
import { slugCases } from './slug-cases';
import type { FuzzTarget } from './targets';

const validCases: CaseMaker[] = [
  {
    what: 'a delivery as its sender sends it',
    async make(ctx) {
      return [step(await signedRequest(ctx, validBody(ctx)), 'accepted')];
    },
  },
];

/** Each concern's makers, and how often it is drawn. */
const CONCERNS: { concern: Concern; weight: number; makers: CaseMaker[] }[] = [
  { concern: 'valid', weight: 1, makers: validCases },
  { concern: 'body', weight: 5, makers: bodyCases },
  { concern: 'headers', weight: 2, makers: headerCases },
  { concern: 'signature', weight: 3, makers: signatureCases },
  { concern: 'replay', weight: 1, makers: replayCases },
  { concern: 'slug', weight: 2, makers: slugCases },
  { concern: 'content-type', weight: 1, makers: contentTypeCases },
];
const TOTAL_WEIGHT = CONCERNS.reduce((sum, c) => sum + c.weight, 0);

export interface CorpusOptions {
  seed: number;
  cases: number;
  targets: FuzzTarget[];
  origin: string;
  maxBodyBytes: number;
}

/**
 * The corpus for a seed, one case at a time (huge bodies are made when sent, not held): the
 * targets in turn, a concern drawn by weight, one of its makers at random.
 */
export async function* fuzzCorpus(options: CorpusOptions): AsyncGenerator<FuzzCase> {
  const random = new Random(options.seed);
  for (let n = 0; n < options.cases; n++) {
    const target = options.targets[n % options.targets.length]!;
    let draw = random.next() * TOTAL_WEIGHT;
    const { concern, makers } = CONCERNS.find((c) => (draw -= c.weight) < 0) ?? CONCERNS[0]!;
    const maker = random.pick(makers);
    const marker = `fzm${options.seed}x${n}q`;
    const steps = await maker.make({
      random,
      target,
      marker,
      origin: options.origin,
      maxBodyBytes: options.maxBodyBytes,
    });
    yield {
      id: `${n} ${target.provider} ${concern}: ${maker.what}`,
      target: target.provider,
      concern,
      marker,
      steps,
      together: maker.together,
    };
  }
}
