import { BadRequestException, CanActivate, ExecutionContext, HttpException, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { AppConfig } from '../../platform/config/app-config';
import type { AttachmentFile } from '../../resumes/crm-files/resume-attachments';
import { EspoResumeAttachments } from './espo-resume-attachments';

export interface ContactResumeFile extends AttachmentFile {
  attachmentId: string;
}

export interface SkippedAttachment {
  attachmentId: string;
  status: number;
  reason: string;
}

export interface ContactResumes {
  contactId: string;
  /** The contact's skills in EspoCRM when its attachments were listed. */
  currentSkills: string[];
  files: ContactResumeFile[];
  skipped: SkippedAttachment[];
}

export type ContactResumesRequest = Request & { contactResumes?: ContactResumes };

const CONTACT_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Downloads the contact's resume attachments (newest first, at most MAX_ATTACHMENTS_PER_CONTACT) into
 * `req.contactResumes`. A guard, like the upload guard: after AccessGuard, and before the audit
 * interceptor's transaction, so slow CRM downloads hold no database connection. One unreadable
 * attachment (gone, too large) is skipped with its reason; the contact missing or EspoCRM unusable
 * refuses the request.
 */
@Injectable()
export class ContactResumesGuard implements CanActivate {
  constructor(
    private readonly config: AppConfig,
    private readonly attachments: EspoResumeAttachments,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<ContactResumesRequest>();
    const id = req.params.id;
    const contactId = typeof id === 'string' ? id : '';
    if (!CONTACT_ID.test(contactId)) {
      throw new BadRequestException('The contact id must be a CRM record id (letters, digits, _ or -)');
    }
    const { ids, skills } = await this.attachments.contactResumes(contactId);
    const files: ContactResumeFile[] = [];
    const skipped: SkippedAttachment[] = [];
    for (const attachmentId of ids) {
      try {
        files.push({
          attachmentId,
          ...(await this.attachments.download(attachmentId, this.config.files.maxFileBytes)),
        });
      } catch (error) {
        if (!(error instanceof HttpException) || error.getStatus() >= 500) throw error;
        skipped.push({ attachmentId, status: error.getStatus(), reason: error.message });
      }
    }
    req.contactResumes = { contactId, currentSkills: skills, files, skipped };
    return true;
  }
}
