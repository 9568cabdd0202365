import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** One secret of a source, sealed with SecretBox; several are valid together during a rotation. */
export interface StoredSecret {
  id: string;
  sealed: string;
  createdAt: string;
  /** After this instant the secret no longer verifies; null = until removed. */
  expiresAt: string | null;
}

@Entity('webhook_sources')
export class WebhookSourceRecord {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text', { unique: true }) slug!: string;
  @Column('text') provider!: string;
  @Column('jsonb') secrets!: StoredSecret[];
  @Column('jsonb') settings!: Record<string, unknown>;
  @Column('boolean') enabled!: boolean;
  @Column('integer', { name: 'rate_limit_per_minute', nullable: true }) rateLimitPerMinute!: number | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
