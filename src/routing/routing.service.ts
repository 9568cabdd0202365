import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PermanentJobError } from '../platform/queue/queue-job';

export interface RouteResult {
  eventId: string;
  eventType: string;
  matchedRules: number;
}

/**
 * Routes one stored event. Rules arrive with the routing-rules feature; until then routing
 * records that the event was seen by the router and matched nothing.
 */
@Injectable()
export class RoutingService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async route(eventId: string): Promise<RouteResult> {
    const [updated] = await this.dataSource.query<[{ event_type: string }[], number]>(
      `UPDATE webhook_events SET routing_status = 'routed', routed_at = now()
        WHERE id = $1 RETURNING event_type`,
      [eventId],
    );
    if (updated.length === 0) throw new PermanentJobError(`Webhook event ${eventId} does not exist (pruned?)`);
    return { eventId, eventType: updated[0]!.event_type, matchedRules: 0 };
  }
}
