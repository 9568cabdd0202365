import {
  BadGatewayException,
  BadRequestException,
  Injectable,
  NotFoundException,
  ServiceUnavailableException,
} from '@nestjs/common';
import { AppConfig } from '../../platform/config/app-config';
import { JobQueue } from '../../platform/queue/job-queue';
import { ResumeLedger } from '../../resumes/ledger/resume-ledger';
import type { CurrentContact } from '../../resumes/preview/contact-reader';
import type { PreviewField } from '../../resumes/preview/resume-preview';
import { EspoClients } from '../crm/espo-clients';
import { EspoRequestError, EspoUnavailableError } from '../crm/espo-error';
import { mapContact } from '../mapping/map-contact';
import { peopleRefreshQueue } from '../sync/people-sync.queues';
import { APPLICABLE_FIELDS, contactAttributes, currentContact } from './contact-values';

export interface AppliedField {
  field: PreviewField;
  status: 'changed' | 'unchanged' | 'failed';
  before: CurrentContact[PreviewField] | null;
  after: CurrentContact[PreviewField] | null;
  /** Why EspoCRM refused it (failed only). */
  error?: string;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Applies confirmed fields of a preview to its contact: one PATCH per field (EspoCRM refuses a whole
 * request for one bad attribute, so fields fail alone), then one re-read that says what really changed,
 * and a re-read of the contact into the people cache queued when something did.
 */
@Injectable()
export class ResumeApply {
  constructor(
    private readonly config: AppConfig,
    private readonly ledger: ResumeLedger,
    private readonly clients: EspoClients,
    private readonly jobs: JobQueue,
  ) {}

  async apply(extractionId: string, fields: string[]) {
    if (!this.clients.configured) {
      throw new ServiceUnavailableException('EspoCRM is not configured: set ESPO_BASE_URL and ESPO_API_KEY');
    }
    const row = await this.ledger.find(extractionId);
    if (!row) throw new NotFoundException(`No resume extraction ${extractionId}`);
    const preview = row.preview;
    if (row.status !== 'succeeded' || !preview) {
      throw new BadRequestException(`Resume extraction ${extractionId} has no preview (it is ${row.status})`);
    }
    if (!preview.contactId) {
      throw new BadRequestException('The preview has no contact: extract the resume again with a contactId');
    }
    const wanted = [...new Set(fields)];
    const unknown = wanted.filter((field) => !preview.changes.some((change) => change.field === field));
    if (unknown.length) {
      throw new BadRequestException(
        `Not proposed by the preview: ${unknown.join(', ')} (it proposes ${preview.changes.map((c) => c.field).join(', ') || 'nothing'})`,
      );
    }
    const unwritable = wanted.filter((field) => !APPLICABLE_FIELDS.includes(field as PreviewField));
    if (unwritable.length) {
      throw new BadRequestException(`No EspoCRM attribute to write ${unwritable.join(', ')} to`);
    }
    const espo = this.clients.client();
    const crmFields = this.config.crm.fields;
    const read = async () => {
      const contact = await espo.readIfExists('Contact', preview.contactId!);
      if (!contact) throw new NotFoundException(`EspoCRM has no contact ${preview.contactId}`);
      return contact;
    };
    try {
      let contact = await read();
      const before = currentContact(mapContact(contact, crmFields));
      const failures = new Map<string, string>();
      for (const field of wanted as PreviewField[]) {
        const change = preview.changes.find((c) => c.field === field)!;
        try {
          contact = await espo.update(
            'Contact',
            contact.id,
            contactAttributes(field, change.proposed, contact, crmFields),
            'PATCH',
          );
        } catch (error) {
          // A refused value, or EspoCRM failing this write after the retries: this field failed, the others go on.
          const fieldFailed =
            (error instanceof EspoRequestError && error.status !== 401 && error.status !== 404) ||
            error instanceof EspoUnavailableError;
          if (!fieldFailed) throw error;
          failures.set(field, error.message);
        }
      }
      const after = currentContact(mapContact(await read(), crmFields));
      const results: AppliedField[] = (wanted as PreviewField[]).map((field) => ({
        field,
        status: failures.has(field) ? 'failed' : same(before[field], after[field]) ? 'unchanged' : 'changed',
        before: before[field] ?? null,
        after: after[field] ?? null,
        ...(failures.has(field) ? { error: failures.get(field) } : {}),
      }));
      if (results.some((result) => result.status === 'changed')) {
        // The people cache (dashboard, Discord) catches up now rather than at EspoCRM's webhook or the next sync.
        await this.jobs.send(peopleRefreshQueue, { crmId: preview.contactId }, { orderingKey: preview.contactId });
      }
      return {
        extractionId,
        contactId: preview.contactId,
        complete: failures.size === 0,
        failed: [...failures.keys()],
        fields: results,
      };
    } catch (error) {
      if (error instanceof EspoRequestError) throw new BadGatewayException(error.message);
      if (error instanceof EspoUnavailableError) throw new ServiceUnavailableException(error.message);
      throw error;
    }
  }
}
