import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export type RoutingStatus = 'pending' | 'queued' | 'routed' | 'failed';

/** The durable inbox: one row per accepted event, written before the delivery is acknowledged. */
@Entity('webhook_events')
export class WebhookEvent {
  @PrimaryColumn('uuid') id!: string;
  @Column('text') source!: string;
  @Column('text') provider!: string;
  @Column('text', { name: 'event_type' }) eventType!: string;
  @Column('text', { name: 'provider_event_type' }) providerEventType!: string;
  @Column('text', { name: 'delivery_id' }) deliveryId!: string;
  @Column('jsonb') headers!: Record<string, string>;
  @Column('text') body!: string;
  @Column('text') description!: string;
  @Column('jsonb') verification!: Record<string, unknown>;
  @CreateDateColumn({ name: 'received_at', type: 'timestamptz' }) receivedAt!: Date;
  @Column('text', { name: 'routing_status' }) routingStatus!: RoutingStatus;
  @Column('timestamptz', { name: 'routed_at', nullable: true }) routedAt!: Date | null;
  /** The routing: the event's own id when the router routed it, else its latest webhook.route job. */
  @Column('uuid', { name: 'route_job_id' }) routeJobId!: string;
  /** What the batch router did with the event, as a routing job keeps its output. */
  @Column('jsonb', { name: 'router_result', nullable: true }) routerResult!: Record<string, unknown> | null;
  /** What enrichment fetched before routing (providers with an enricher only). */
  @Column('jsonb', { nullable: true }) extra!: Record<string, unknown> | null;
  @Column('text', { name: 'enrichment_status', nullable: true }) enrichmentStatus!: 'enriched' | 'failed' | null;
  @Column('text', { name: 'enrichment_reason', nullable: true }) enrichmentReason!: string | null;
  @Column('timestamptz', { name: 'enriched_at', nullable: true }) enrichedAt!: Date | null;
}
