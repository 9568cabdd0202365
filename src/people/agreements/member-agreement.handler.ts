import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditLog } from '../../audit/audit-log';
import { AppConfig } from '../../platform/config/app-config';
import { JobHandler } from '../../platform/queue/job-handler.decorator';
import { PermanentJobError, QueueJob } from '../../platform/queue/queue-job';
import { EspoRequestError } from '../crm/espo-error';
import { EspoClients } from '../crm/espo-clients';
import { espoDate } from '../mapping/field-values';
import { mapContact } from '../mapping/map-contact';
import { PeopleStore } from '../store/people-store';
import { runnerSql } from '../store/sql';
import { ContactByEmail } from './contact-by-email';
import { MemberAgreementJob, memberAgreementQueue } from './member-agreement.queue';

const EMAIL = /^[^\s@]+@[^\s@]+$/;
/** EspoCRM's datetime format: `YYYY-MM-DD HH:mm:ss`, UTC. */
const espoDateTime = (date: Date) => date.toISOString().slice(0, 19).replace('T', ' ');

/**
 * A signed member agreement onto its contact: found by the submitter's e-mail (ContactByEmail), the
 * completion time written to CRM_MEMBER_AGREEMENT_FIELD, the contact read back into the people
 * cache and the change audited as a system action (`people.member_agreement_signed`) in the cache
 * write's transaction. A contact already holding this signature (or a later one) is left alone: a
 * replayed or redelivered event changes nothing. No contact, several, or a refusal by EspoCRM fails
 * the job at once with the reason (dead, on the Jobs page); EspoCRM outages are retried.
 */
@Injectable()
export class MemberAgreementHandler {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly clients: EspoClients,
    private readonly contacts: ContactByEmail,
    private readonly audit: AuditLog,
  ) {}

  @JobHandler(memberAgreementQueue)
  async record(job: QueueJob<MemberAgreementJob>) {
    const { email, eventId } = job.data;
    if (!this.clients.configured) {
      throw new PermanentJobError('EspoCRM is not configured: set ESPO_BASE_URL and ESPO_API_KEY, then retry');
    }
    if (!EMAIL.test(email)) {
      throw new PermanentJobError(`DocuSeal event ${eventId} names no submitter e-mail to find the contact by`);
    }
    const signedAt = new Date(job.data.completedAt);
    if (!job.data.completedAt || Number.isNaN(signedAt.getTime())) {
      throw new PermanentJobError(`DocuSeal event ${eventId} has no completion time (data.completed_at)`);
    }
    const field = this.config.crm.fields.memberAgreement;
    const espo = this.clients.client();
    try {
      const match = await this.contacts.find(email, espo, job.signal);
      if (match.found === 'none') {
        throw new PermanentJobError(
          `No contact has the e-mail ${email} (not in the people cache, and EspoCRM's search by emailAddress found none): ` +
            'add the address to the contact in EspoCRM, then retry this job',
        );
      }
      if (match.found === 'several') {
        throw new PermanentJobError(
          `Several contacts have the e-mail ${email} (${match.via}: ${match.crmIds.join(', ')}): ` +
            'the member agreement is written to none; make the address unique in EspoCRM, then retry this job',
        );
      }
      const { crmId } = match;
      const before = await espo.readIfExists('Contact', crmId, job.signal);
      if (!before) throw new PermanentJobError(`Contact ${crmId} (found by e-mail) is no longer in EspoCRM`);
      const previous = espoDate(before[field]);
      const signedAtSecond = espoDateTime(signedAt);
      if (previous && previous.slice(0, 19) >= signedAt.toISOString().slice(0, 19)) {
        await this.store(before, null);
        return { crmId, via: match.via, changed: false, signedAt: previous };
      }
      await espo.update('Contact', crmId, { [field]: signedAtSecond }, 'PUT', job.signal);
      const after = await espo.read('Contact', crmId, job.signal);
      await this.store(after, {
        crmId,
        data: {
          eventId,
          email,
          field,
          signedAt: signedAt.toISOString(),
          previous,
          templateId: job.data.templateId,
          submitterId: job.data.submitterId,
          foundIn: match.via,
        },
      });
      return { crmId, via: match.via, changed: true, signedAt: espoDate(after[field]) };
    } catch (error) {
      if (error instanceof EspoRequestError) throw new PermanentJobError(error.message);
      throw error;
    }
  }

  /** The contact into the people cache and, for a change, its audit event: one transaction. */
  private async store(
    contact: Record<string, unknown> & { id: string },
    change: { crmId: string; data: Record<string, unknown> } | null,
  ): Promise<void> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      await new PeopleStore(runnerSql(runner), 'espocrm').store([mapContact(contact, this.config.crm.fields)]);
      if (change) {
        await this.audit.record(
          {
            source: 'system',
            actor: { id: 'system', name: 'DocuSeal' },
            action: 'people.member_agreement_signed',
            target: change.crmId,
            data: change.data,
          },
          runner.manager,
        );
      }
      await runner.commitTransaction();
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      throw error;
    } finally {
      await runner.release();
    }
  }
}
