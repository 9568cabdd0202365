import {
  BadGatewayException,
  HttpException,
  Injectable,
  NotFoundException,
  OnModuleInit,
  PayloadTooLargeException,
  ServiceUnavailableException,
} from '@nestjs/common';
import { AppConfig } from '../../platform/config/app-config';
import type { AttachmentFile, AttachmentSource } from '../../resumes/crm-files/resume-attachments';
import { ResumeAttachments } from '../../resumes/crm-files/resume-attachments';
import { EspoClients } from '../crm/espo-clients';
import { EspoRequestError, EspoTooLargeError, EspoUnavailableError } from '../crm/espo-error';
import { mapContact } from '../mapping/map-contact';

const NOT_CONFIGURED = 'EspoCRM is not configured: set ESPO_BASE_URL and ESPO_API_KEY';
const mb = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

/** A contact's resume files in EspoCRM (the CRM_RESUME_FIELD attachments), for resume extraction. */
@Injectable()
export class EspoResumeAttachments implements AttachmentSource, OnModuleInit {
  constructor(
    private readonly config: AppConfig,
    private readonly clients: EspoClients,
    private readonly attachments: ResumeAttachments,
  ) {}

  onModuleInit(): void {
    this.attachments.use(this);
  }

  /** Refuses a file EspoCRM says is too large before reading it; the download is capped as well. */
  async download(attachmentId: string, maxBytes: number): Promise<AttachmentFile> {
    const espo = this.client();
    try {
      const meta = await espo.attachment(attachmentId);
      const size = Number(meta.size);
      if (Number.isFinite(size) && size > maxBytes) throw this.tooLarge(attachmentId, `${mb(size)}`, maxBytes);
      const { bytes } = await espo.download(attachmentId, maxBytes);
      return { bytes, fileName: typeof meta.name === 'string' && meta.name ? meta.name : `attachment-${attachmentId}` };
    } catch (error) {
      throw this.asHttp(error, attachmentId, maxBytes);
    }
  }

  /**
   * The contact's resume attachment ids, newest (last linked) first, at most MAX_ATTACHMENTS_PER_CONTACT,
   * and the skills it has in EspoCRM now.
   */
  async contactResumes(contactId: string): Promise<{ ids: string[]; skills: string[] }> {
    const person = await this.readContact(contactId);
    return {
      ids: person.resumes
        .map((r) => r.id)
        .reverse()
        .slice(0, this.config.resumes.maxAttachmentsPerContact),
      skills: person.skills.map((skill) => skill.name),
    };
  }

  /** Every resume attachment id of the contact, newest (last linked) first; 404 when EspoCRM has no such contact. */
  async allResumeIds(contactId: string): Promise<string[]> {
    return (await this.readContact(contactId)).resumes.map((r) => r.id).reverse();
  }

  /** The contact's skills in EspoCRM now. */
  async skills(contactId: string): Promise<string[]> {
    return (await this.readContact(contactId)).skills.map((skill) => skill.name);
  }

  private async readContact(contactId: string) {
    const espo = this.client();
    let contact;
    try {
      contact = await espo.readIfExists('Contact', contactId);
    } catch (error) {
      throw this.asHttp(error, contactId, 0);
    }
    if (!contact) throw new NotFoundException(`EspoCRM has no contact ${contactId}`);
    return mapContact(contact, this.config.crm.fields);
  }

  private client() {
    if (!this.clients.configured) throw new ServiceUnavailableException(NOT_CONFIGURED);
    return this.clients.client();
  }

  private tooLarge(attachmentId: string, size: string, maxBytes: number): PayloadTooLargeException {
    return new PayloadTooLargeException(
      `Attachment ${attachmentId} is ${size}; at most ${mb(maxBytes)} (MAX_FILE_SIZE_MB)`,
    );
  }

  private asHttp(error: unknown, id: string, maxBytes: number): unknown {
    if (error instanceof HttpException) return error;
    if (error instanceof EspoTooLargeError) return this.tooLarge(id, 'larger than that', maxBytes);
    if (error instanceof EspoRequestError) {
      // EspoCRM's own reason (X-Status-Reason) for the person who asked.
      return error.status === 404 ? new NotFoundException(error.message) : new BadGatewayException(error.message);
    }
    if (error instanceof EspoUnavailableError) return new ServiceUnavailableException(error.message);
    return error;
  }
}
