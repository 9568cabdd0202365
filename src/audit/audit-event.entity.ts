import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const AUDIT_SOURCES = ['discord', 'admin_dashboard', 'api', 'system'] as const;
export type AuditSource = (typeof AUDIT_SOURCES)[number];

/** One human (or system) action: who did what to which thing, from where. Append-only. */
@Entity('audit_events')
export class AuditEventRecord {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column('timestamptz', { default: () => 'now()' }) at!: Date;
  @Column('text') source!: AuditSource;
  @Column('text', { name: 'actor_id' }) actorId!: string;
  @Column('text', { name: 'actor_name', nullable: true }) actorName!: string | null;
  @Column('text') action!: string;
  @Column('text', { nullable: true }) target!: string | null;
  @Column('jsonb') data!: Record<string, unknown>;
  /** Who wrote the event on the actor's behalf (an API token reporting for a Discord user). */
  @Column('text', { name: 'via_id', nullable: true }) viaId!: string | null;
  @Column('text', { name: 'via_name', nullable: true }) viaName!: string | null;
}
