import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A named Liquid template for Discord messages, chosen by a rule's `template=<name>`. */
@Entity('message_templates')
export class MessageTemplateRecord {
  @PrimaryColumn('text') name!: string;
  @Column('text') body!: string;
  @Column('text', { nullable: true }) description!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
