import { createHash } from 'node:crypto';
import {
  HttpException,
  Injectable,
  NotFoundException,
  PayloadTooLargeException,
  UnprocessableEntityException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { AppConfig } from '../../platform/config/app-config';
import { JobQueue } from '../../platform/queue/job-queue';
import { ObjectStorage } from '../../storage/object-storage';
import { checkFile, FileRefused } from '../files/file-check';
import { extractionView, ResumeLedger } from '../ledger/resume-ledger';
import { resumeExtractQueue } from '../resume-extract.queue';

export interface UploadedResume {
  bytes: Buffer;
  fileName: string;
  contactId: string | null;
  requestedBy: string;
}

const asHttp = (error: FileRefused): HttpException =>
  error.status === 413
    ? new PayloadTooLargeException(error.message)
    : error.status === 415
      ? new UnsupportedMediaTypeException(error.message)
      : new UnprocessableEntityException(error.message);

/**
 * A resume in: checked (size, type by its bytes, DOCX's ZIP directory), stored by content hash,
 * entered in the ledger, and a `resume.extract` job made, in the caller's (audited) transaction.
 * The same file for the same contact and extractor version is not extracted twice: the existing
 * entry is answered (`duplicate: true`), unless it failed, when it is queued again.
 */
@Injectable()
export class ResumeIntake {
  constructor(
    private readonly config: AppConfig,
    private readonly storage: ObjectStorage,
    private readonly ledger: ResumeLedger,
    private readonly jobs: JobQueue,
  ) {}

  async submit(upload: UploadedResume) {
    let checked: { type: 'pdf' | 'docx' | 'txt'; mime: string };
    try {
      checked = await checkFile(upload.bytes, this.config.files);
    } catch (error) {
      throw error instanceof FileRefused ? asHttp(error) : error;
    }
    const sha256 = createHash('sha256').update(upload.bytes).digest('hex');
    const objectKey = `resumes/${sha256.slice(0, 2)}/${sha256}.${checked.type}`;
    const version = this.config.resumes.extractorVersion;
    if ((await this.storage.stat(objectKey))?.size !== upload.bytes.length) {
      await this.storage.put(objectKey, upload.bytes, checked.mime);
    }
    await this.ledger.fileRestored(sha256, objectKey);
    const claimed = await this.ledger.claim({
      fileSha256: sha256,
      contactId: upload.contactId,
      extractorVersion: version,
      objectKey,
      fileName: upload.fileName || `resume.${checked.type}`,
      fileType: checked.type,
      fileSize: upload.bytes.length,
      requestedBy: upload.requestedBy,
    });
    const row = claimed ?? (await this.ledger.findExisting(sha256, upload.contactId, version));
    if (!row) throw new Error('The resume ledger lost a row it had just reported');
    if (claimed || row.status === 'failed') {
      const job = await this.jobs.send(resumeExtractQueue, { extractionId: row.id });
      await this.ledger.queued(row.id, job.id);
      return { ...extractionView({ ...row, status: 'queued', job_id: job.id, error: null }), duplicate: !claimed };
    }
    return { ...extractionView(row), duplicate: true };
  }

  async get(id: string) {
    const row = await this.ledger.findByIdOrJob(id);
    if (!row) throw new NotFoundException(`No resume extraction ${id}`);
    return extractionView(row);
  }
}
