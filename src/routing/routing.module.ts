import { Module } from '@nestjs/common';
import { QueueModule } from '../platform/queue/queue.module';
import { webhookRouteQueue } from './webhook-route.queue';

/** Every role: declares the routing queues so the api can enqueue to them. */
@Module({ imports: [QueueModule.forFeature([webhookRouteQueue])] })
export class RoutingModule {}
