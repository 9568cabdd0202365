import {
  BadRequestException,
  CanActivate,
  ExecutionContext,
  HttpException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import type { Request } from 'express';
import { PeopleDirectory, type PersonView } from '../../people/directory/people-directory';
import { AppConfig } from '../../platform/config/app-config';
import { ResumeAttachments } from '../../resumes/crm-files/resume-attachments';
import { ResumeUploadGuard } from '../../resumes/intake/upload.guard';

/** What the person page's resume forms sent: the file read, or why it was refused (shown by the form). */
export interface ResumeSubmission {
  person: PersonView;
  file?: { bytes: Buffer; fileName: string; attachmentId?: string };
  refusal?: { status: number; message: string };
}

export type ResumeSubmissionRequest = Request & { resumeSubmission?: ResumeSubmission };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Reads the resume a person page's form sent into `req.resumeSubmission`: an upload (multipart, field
 * `file`, through the API's own ResumeUploadGuard and its MAX_FILE_SIZE_MB limit) or one of the
 * person's resume attachments downloaded from EspoCRM (field `attachmentId`). A guard like the API's,
 * so the bytes are read after AccessGuard and before the audit transaction opens. A refused file is
 * not an error here: the route shows the reason by the form.
 */
@Injectable()
export class ResumeSubmissionGuard implements CanActivate {
  constructor(
    private readonly config: AppConfig,
    private readonly directory: PeopleDirectory,
    private readonly upload: ResumeUploadGuard,
    private readonly attachments: ResumeAttachments,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<ResumeSubmissionRequest>();
    const id = req.params.id;
    if (typeof id !== 'string' || !UUID.test(id)) throw new NotFoundException('No such person');
    const person = await this.directory.get(id);
    try {
      req.resumeSubmission = { person, file: await this.read(context, req, person) };
    } catch (error) {
      if (!(error instanceof HttpException)) throw error;
      req.resumeSubmission = { person, refusal: { status: error.getStatus(), message: error.message } };
    }
    return true;
  }

  private async read(context: ExecutionContext, req: Request, person: PersonView) {
    if (req.is('multipart/form-data')) {
      await this.upload.canActivate(context);
      return { bytes: req.file!.buffer, fileName: req.file!.originalname };
    }
    const attachmentId = (req.body as Record<string, unknown> | undefined)?.attachmentId;
    if (typeof attachmentId !== 'string' || !person.resumes.some((resume) => resume.id === attachmentId)) {
      throw new BadRequestException(
        "Choose a file to upload, or one of the resume attachments the person's EspoCRM contact lists",
      );
    }
    const file = await this.attachments.download(attachmentId, this.config.files.maxFileBytes);
    return { ...file, attachmentId };
  }
}
