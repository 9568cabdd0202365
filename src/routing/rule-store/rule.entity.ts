import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Rule } from '../rules/rule-syntax';

/** A routing rule as typed by an admin, and its parsed form (kept so routing never re-parses). */
@Entity('rules')
export class RuleRecord {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text') text!: string;
  @Column('jsonb') parsed!: Rule;
  @Column('boolean') enabled!: boolean;
  @Column('integer') position!: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
