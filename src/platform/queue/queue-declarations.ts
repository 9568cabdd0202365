import type { QueueDefinition } from './queue-definition';

/** One feature's queues; QueueModule.forFeature provides one of these, the registry collects them. */
export class QueueDeclarations {
  constructor(readonly queues: readonly QueueDefinition<any>[]) {}
}
