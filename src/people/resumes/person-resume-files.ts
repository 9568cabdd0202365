import { BadRequestException, GoneException, Injectable, NotFoundException } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { AppConfig } from '../../platform/config/app-config';
import { FILE_MIME, sniffFileType } from '../../resumes/files/sniff-file-type';
import { ResumeLedger } from '../../resumes/ledger/resume-ledger';
import { ObjectStorage } from '../../storage/object-storage';
import { PeopleDirectory } from '../directory/people-directory';
import { DownloadCopies } from './download-copies';
import { EspoResumeAttachments } from './espo-resume-attachments';

/** One resume of a person: in the contact's resume field in EspoCRM, or stored by the resume pipeline. */
export interface PersonResumeFile {
  /** What names it in the download routes: `crm-<attachmentId>` or `stored-<extractionId>`. */
  ref: string;
  source: 'crm' | 'stored';
  name: string;
  /** The CRM's declared type (crm), or the type sniffed when it was stored (stored). */
  type: string | null;
  attachmentId?: string;
  extractionId?: string;
  size?: number;
  storedAt?: string;
}

/** A file in object storage, ready for a signed link. */
export interface ResumeObject {
  key: string;
  filename: string;
  contentType: string;
}

const CRM_REF = /^crm-([A-Za-z0-9_-]{1,64})$/;
const STORED_REF = /^stored-(.+)$/;
const COPY_PREFIX = 'crm-attachments';
const OCTET_STREAM = 'application/octet-stream';
/** Copies are stored under their attachment id and the type their bytes have. */
const COPY_TYPES: Record<string, string> = { ...FILE_MIME, bin: OCTET_STREAM };
const copyKey = (attachmentId: string, extension: string) => `${COPY_PREFIX}/a-${attachmentId}.${extension}`;

/**
 * A person's resumes and the files behind their download links. A CRM attachment is checked against
 * the contact's resume field in EspoCRM at the moment of the download (not the cache), read, and
 * copied into object storage under its attachment id, kept only while its links are valid
 * (DownloadCopies), so the link is the storage's own: signed by Switchyard on disk, presigned on S3. The content type is the one
 * the bytes have (PDF, DOCX, text), else `application/octet-stream`: never what the CRM claims.
 */
@Injectable()
export class PersonResumeFiles {
  constructor(
    private readonly config: AppConfig,
    private readonly directory: PeopleDirectory,
    private readonly ledger: ResumeLedger,
    private readonly storage: ObjectStorage,
    private readonly attachments: EspoResumeAttachments,
    private readonly copies: DownloadCopies,
  ) {}

  async list(personId: string): Promise<{ personId: string; crmId: string; files: PersonResumeFile[] }> {
    const person = await this.directory.get(assertPersonId(personId));
    // Resumes are EspoCRM's (its resume field, and files extracted against its contact ids).
    if (person.crm !== 'espocrm') return { personId: person.id, crmId: person.crmId, files: [] };
    const crm: PersonResumeFile[] = [...person.resumes].reverse().map((resume) => ({
      ref: `crm-${resume.id}`,
      source: 'crm',
      name: resume.name ?? `attachment-${resume.id}`,
      type: resume.type,
      attachmentId: resume.id,
    }));
    const stored: PersonResumeFile[] = (await this.ledger.storedFilesFor(person.crmId)).map((row) => ({
      ref: `stored-${row.id}`,
      source: 'stored',
      name: row.file_name,
      type: FILE_MIME[row.file_type] ?? null,
      extractionId: row.id,
      size: row.file_size,
      storedAt: row.created_at.toISOString(),
    }));
    return { personId: person.id, crmId: person.crmId, files: [...crm, ...stored] };
  }

  /** The stored object behind `ref`, copying a CRM attachment into storage first when needed. */
  async resolve(personId: string, ref: string): Promise<ResumeObject> {
    const person = await this.directory.get(assertPersonId(personId));
    if (person.crm !== 'espocrm') throw new NotFoundException('Resumes are kept for EspoCRM contacts only');
    const crm = CRM_REF.exec(ref);
    if (crm) return this.crmCopy(person.crmId, crm[1]!);
    const stored = STORED_REF.exec(ref);
    if (!stored || !isUUID(stored[1])) {
      throw new BadRequestException('The file must be crm-<attachment id> or stored-<extraction id>, as listed');
    }
    const row = await this.ledger.find(stored[1]!);
    if (!row || row.contact_id !== person.crmId) throw new NotFoundException(`${ref} is not a resume of this person`);
    if (row.object_key === '') {
      throw new GoneException('The file was removed from storage after STORED_FILE_RETENTION_DAYS');
    }
    if (!(await this.storage.stat(row.object_key))) throw new NotFoundException('This file is no longer stored');
    return { key: row.object_key, filename: row.file_name, contentType: FILE_MIME[row.file_type] ?? OCTET_STREAM };
  }

  private async crmCopy(contactId: string, attachmentId: string): Promise<ResumeObject> {
    const ids = await this.attachments.allResumeIds(contactId);
    if (!ids.includes(attachmentId)) {
      throw new NotFoundException(
        `Attachment ${attachmentId} is not in contact ${contactId}'s resume field in EspoCRM (CRM_RESUME_FIELD)`,
      );
    }
    const file = await this.attachments.download(attachmentId, this.config.files.maxFileBytes);
    const sniffed = sniffFileType(file.bytes);
    const extension = sniffed.type ?? 'bin';
    const key = copyKey(attachmentId, extension);
    const contentType = COPY_TYPES[extension]!;
    // Kept while the link about to be made is valid; then the hourly prune removes it.
    await this.copies.neededUntil(key, new Date(Date.now() + this.config.files.linkTtlSeconds * 1000));
    // Written every time: the prune may have just removed an older copy under the same key.
    await this.storage.put(key, file.bytes, contentType);
    return { key, filename: file.fileName, contentType };
  }
}

function assertPersonId(id: string): string {
  if (!isUUID(id)) throw new BadRequestException('The person id must be a UUID (as GET /people lists it)');
  return id;
}
