import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { PersonResumeFiles, ResumeObject } from './person-resume-files';

export type ResumeFileRequest = Request & { resumeObject?: ResumeObject };

/**
 * Resolves `:id` (a person) and `:file` (one of their resumes) to a stored object into
 * `req.resumeObject`, copying a CRM attachment into storage first. A guard, like the upload guard:
 * after AccessGuard (nobody unauthenticated gets a byte read) and before the audit interceptor's
 * transaction, so a slow EspoCRM download holds no database connection.
 */
@Injectable()
export class ResumeFileGuard implements CanActivate {
  constructor(private readonly files: PersonResumeFiles) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<ResumeFileRequest>();
    req.resumeObject = await this.files.resolve(String(req.params.id), String(req.params.file));
    return true;
  }
}
