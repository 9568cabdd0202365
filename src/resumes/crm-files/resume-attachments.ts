import { Injectable, ServiceUnavailableException } from '@nestjs/common';

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
    if (!this.source) {
      throw new ServiceUnavailableException('EspoCRM is not configured: set ESPO_BASE_URL and ESPO_API_KEY');
    }
    return this.source.download(attachmentId, maxBytes);
  }
}
