import { Injectable, ServiceUnavailableException, UnprocessableEntityException } from '@nestjs/common';

/** A resume file fetched from the CRM, not yet checked (that is ResumeIntake's job, as for uploads). */
export interface AttachmentFile {
  bytes: Buffer;
  fileName: string;
}

/**
 * Reads a CRM attachment's bytes, at most `maxBytes`. The CRM feature implements it and throws HTTP
 * errors with the CRM's reason: 404 unknown, 413 too large, 503 the CRM not configured or unavailable.
 */
export interface AttachmentSource {
  download(attachmentId: string, maxBytes: number): Promise<AttachmentFile>;
  /** Every attachment id in the contact's resume field (404 when the CRM has no such contact). */
  allResumeIds(contactId: string): Promise<string[]>;
}

/**
 * Where the CRM feature plugs in its AttachmentSource (`use()`, at its module's init), so resumes need
 * not depend on it. Without one, extraction by attachment id answers 503.
 */
@Injectable()
export class ResumeAttachments {
  private source?: AttachmentSource;

  use(source: AttachmentSource): void {
    this.source = source;
  }

  download(attachmentId: string, maxBytes: number): Promise<AttachmentFile> {
    return this.configured().download(attachmentId, maxBytes);
  }

  /** 422 naming the contact's resume attachments when `attachmentId` is not one of them. */
  async assertResumeOf(contactId: string, attachmentId: string): Promise<void> {
    const ids = await this.configured().allResumeIds(contactId);
    if (ids.includes(attachmentId)) return;
    throw new UnprocessableEntityException(
      `Attachment ${attachmentId} is not one of contact ${contactId}'s resume attachments ` +
        `(${ids.length ? `it has ${ids.join(', ')}` : 'it has none'}; CRM_RESUME_FIELD)`,
    );
  }

  private configured(): AttachmentSource {
    if (!this.source) {
      throw new ServiceUnavailableException('EspoCRM is not configured: set ESPO_BASE_URL and ESPO_API_KEY');
    }
    return this.source;
  }
}
