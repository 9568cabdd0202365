import { SetMetadata } from '@nestjs/common';
import type { QueueDefinition } from './queue-definition';

export const JOB_HANDLER_METADATA = 'switchyard:job-handler';

/**
 * Marks a method as the handler of one queue's jobs. It only attaches metadata; the worker role's
 * QueueWorker finds every handler at boot and refuses duplicates and undeclared queues.
 * The method receives the job (`QueueJob<T>`) and may return a JSON-serialisable result.
 */
export const JobHandler = (queue: QueueDefinition<any>): MethodDecorator => SetMetadata(JOB_HANDLER_METADATA, queue);
