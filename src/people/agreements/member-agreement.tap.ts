import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../../platform/config/app-config';
import { JobQueue } from '../../platform/queue/job-queue';
import type { RoutableEvent } from '../../routing/rule-store/formattable-event';
import { RoutingTap, RoutingTaps } from '../../routing/taps/routing-taps';
import { memberAgreementQueue } from './member-agreement.queue';

/** What the docuseal provider calls a completed form of one of the source's `agreementTemplateIds`. */
export const AGREEMENT_SIGNED = 'docuseal.agreement.signed';

const record = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
const text = (value: unknown): string | null =>
  typeof value === 'string' || typeof value === 'number' ? String(value).slice(0, 320) : null;

/**
 * Turns signed member agreements (DocuSeal `form.completed` of a source's agreement templates; other
 * templates are `docuseal.form.completed` and not taken) into `people.member-agreement` jobs. Every
 * routing of the event (a replay too) makes one; the job does nothing new when the contact already
 * holds that signature. Nothing without an EspoCRM to write to (replay the events once it is set).
 */
@Injectable()
export class MemberAgreementTap implements RoutingTap, OnModuleInit {
  readonly name = 'people.member-agreement';

  constructor(
    private readonly taps: RoutingTaps,
    private readonly jobs: JobQueue,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.taps.register(this);
  }

  wants({ type }: { type: string; source: string }): boolean {
    return this.config.crm.espo !== undefined && type === AGREEMENT_SIGNED;
  }

  async take(event: RoutableEvent, manager: EntityManager): Promise<string[]> {
    const payload = record(event.payload);
    const data = record(payload.data);
    const job = await this.jobs.send(
      memberAgreementQueue,
      {
        eventId: event.id,
        email: text(data.email) ?? '',
        completedAt: text(data.completed_at) ?? text(payload.timestamp) ?? '',
        templateId: text(record(data.template).id),
        submitterId: text(data.id),
      },
      { transaction: manager.queryRunner },
    );
    return [job.id];
  }
}
