import {
  BadRequestException,
  CanActivate,
  ExecutionContext,
  Injectable,
  PayloadTooLargeException,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import multer, { MulterError } from 'multer';
import { AppConfig } from '../../platform/config/app-config';
import { ResumeAttachments } from '../crm-files/resume-attachments';

const ATTACHMENT_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Reads the resume into memory, refusing more than MAX_FILE_SIZE_MB: the multipart upload (one file,
 * field `file`), or with a JSON body `{contactId?, attachmentId}` the CRM attachment, downloaded
 * through ResumeAttachments (404 with the CRM's reason, 413 too large, 503 no CRM; 422 when a
 * `contactId` is given and the attachment is not in that contact's resume field). A guard on purpose: it runs after AccessGuard (nobody unauthenticated gets a byte
 * read) and before the audit interceptor opens its transaction (a slow upload holds no database
 * connection).
 */
@Injectable()
export class ResumeUploadGuard implements CanActivate {
  private readonly upload: ReturnType<ReturnType<typeof multer>['single']>;

  constructor(
    private readonly config: AppConfig,
    private readonly attachments: ResumeAttachments,
  ) {
    this.upload = multer({
      storage: multer.memoryStorage(),
      limits: { fileSize: config.files.maxFileBytes, files: 1, fields: 4, fieldSize: 1024, parts: 6 },
    }).single('file');
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    if (req.is('application/json')) return this.fromCrm(req);
    await new Promise<void>((resolve, reject) =>
      this.upload(req, http.getResponse<Response>(), (error: unknown) =>
        error ? reject(this.refusal(error)) : resolve(),
      ),
    );
    if (!req.file) {
      throw new BadRequestException('Send the resume as multipart/form-data with the file in the field "file"');
    }
    return true;
  }

  private async fromCrm(req: Request): Promise<true> {
    const attachmentId = (req.body as { attachmentId?: unknown } | undefined)?.attachmentId;
    if (typeof attachmentId !== 'string' || !ATTACHMENT_ID.test(attachmentId)) {
      throw new BadRequestException(
        'Send the resume as multipart/form-data (field "file"), or JSON {"contactId", "attachmentId"} with ' +
          'attachmentId a CRM attachment id (letters, digits, _ or -)',
      );
    }
    // With a contact, only one of its own resume attachments: a preview must not compare a stranger's file with it.
    const contactId = (req.body as { contactId?: unknown }).contactId;
    if (contactId !== undefined) {
      if (typeof contactId !== 'string' || !ATTACHMENT_ID.test(contactId)) {
        throw new BadRequestException('contactId must be a CRM record id (letters, digits, _ or -)');
      }
      await this.attachments.assertResumeOf(contactId, attachmentId);
    }
    const file = await this.attachments.download(attachmentId, this.config.files.maxFileBytes);
    req.file = { buffer: file.bytes, originalname: file.fileName, size: file.bytes.length } as Express.Multer.File;
    return true;
  }

  private refusal(error: unknown): Error {
    const maxMb = this.config.files.maxFileBytes / 1024 / 1024;
    if (error instanceof MulterError) {
      if (error.code === 'LIMIT_FILE_SIZE') {
        return new PayloadTooLargeException(`The file is larger than ${maxMb} MB (MAX_FILE_SIZE_MB)`);
      }
      return new BadRequestException(`The upload was refused: ${error.message} (one file, in the field "file")`);
    }
    return new BadRequestException(`The upload could not be read: ${(error as Error).message}`);
  }
}
