import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../platform/config/app-config';
import { JobHandler } from '../platform/queue/job-handler.decorator';
import { PermanentJobError, QueueJob } from '../platform/queue/queue-job';
import { ObjectNotFoundError, ObjectStorage, ObjectTooLargeError } from '../storage/object-storage';
import { ExtractionError, extractText } from './extraction/text-extractor';
import { checkFile, FileRefused } from './files/file-check';
import { ResumeLedger } from './ledger/resume-ledger';
import { ContactReaders } from './preview/contact-readers';
import { proposedChanges, ResumePreview } from './preview/resume-preview';
import { ProfileExtractor } from './profile/profile-extractor';
import { resumeExtractQueue, ResumeExtractPayload } from './resume-extract.queue';

/**
 * `resume.extract`: the stored file is checked again (size, type, ZIP directory), its text read in a
 * limited worker thread, a profile made and compared with the contact: the preview, kept in the
 * ledger. A file that cannot be read fails the job at once (dead, with the reason, also on the
 * ledger row); storage or CRM trouble (the ContactReader throwing) is retried.
 */
@Injectable()
export class ResumeExtractHandler {
  private readonly logger = new Logger('ResumeExtract');

  constructor(
    private readonly config: AppConfig,
    private readonly storage: ObjectStorage,
    private readonly ledger: ResumeLedger,
    private readonly profiles: ProfileExtractor,
    private readonly contacts: ContactReaders,
  ) {}

  @JobHandler(resumeExtractQueue)
  async extract(job: QueueJob<ResumeExtractPayload>): Promise<{ extractionId: string; preview: ResumePreview }> {
    const row = await this.ledger.find(job.data.extractionId);
    if (!row) throw new PermanentJobError(`Resume extraction ${job.data.extractionId} does not exist`);
    // Idempotent: a retried or repeated job hands back what was found the first time.
    if (row.status === 'succeeded' && row.preview) return { extractionId: row.id, preview: row.preview };
    try {
      const { files, resumes } = this.config;
      if (row.object_key === '') {
        throw new PermanentJobError('The file was removed from storage after STORED_FILE_RETENTION_DAYS');
      }
      const bytes = await this.storage.get(row.object_key, files.maxFileBytes);
      const { type } = await checkFile(bytes, files);
      const text = await extractText(type, bytes, {
        timeoutMs: resumes.parseTimeoutSeconds * 1000,
        memoryMb: resumes.parseMemoryMb,
      });
      if (text.text.trim().length === 0) {
        throw new PermanentJobError('The file has no text to read (a scanned image? OCR is not done here)');
      }
      const result = await this.profiles.extract(text, job.signal);
      const contactId = row.contact_id || null;
      const current = contactId && this.contacts.available ? await this.contacts.read(contactId) : null;
      const preview: ResumePreview = {
        ...result,
        extractorVersion: row.extractor_version,
        contactId,
        comparedWithContact: current !== null,
        changes: proposedChanges(result.profile, current),
        textLength: text.text.length,
        ...(text.pages !== undefined ? { pages: text.pages } : {}),
      };
      await this.ledger.succeeded(row.id, preview);
      return { extractionId: row.id, preview };
    } catch (error) {
      const permanent = this.permanent(error);
      if (!permanent) throw error;
      this.logger.warn({ extractionId: row.id, jobId: job.id }, `Resume refused: ${permanent.message}`);
      await this.ledger.failed(row.id, permanent.message);
      throw permanent;
    }
  }

  private permanent(error: unknown): PermanentJobError | undefined {
    if (error instanceof PermanentJobError) return error;
    if (error instanceof ExtractionError || error instanceof FileRefused) return new PermanentJobError(error.message);
    if (error instanceof ObjectTooLargeError) {
      return new PermanentJobError(`The stored file is larger than MAX_FILE_SIZE_MB allows (${error.size} bytes)`);
    }
    if (error instanceof ObjectNotFoundError) return new PermanentJobError('The file is no longer in storage');
    return undefined;
  }
}
