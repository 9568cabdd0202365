import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { FileType } from '../../platform/config/files-config';
import type { ResumePreview } from '../preview/resume-preview';

export interface ExtractionRow {
  id: string;
  file_sha256: string;
  contact_id: string;
  extractor_version: string;
  object_key: string;
  file_name: string;
  file_type: FileType;
  file_size: number;
  status: 'queued' | 'succeeded' | 'failed';
  job_id: string | null;
  preview: ResumePreview | null;
  error: string | null;
  requested_by: string | null;
  created_at: Date;
  finished_at: Date | null;
}

export interface NewExtraction {
  fileSha256: string;
  contactId: string | null;
  extractorVersion: string;
  objectKey: string;
  fileName: string;
  fileType: FileType;
  fileSize: number;
  requestedBy: string;
}

export const extractionView = (row: ExtractionRow) => ({
  id: row.id,
  status: row.status,
  jobId: row.job_id,
  contactId: row.contact_id || null,
  extractorVersion: row.extractor_version,
  file: { sha256: row.file_sha256, name: row.file_name, type: row.file_type, size: row.file_size },
  preview: row.preview,
  // An empty key: the file was removed from storage by STORED_FILE_RETENTION_DAYS; the preview stays.
  fileRemoved: row.object_key === '',
  ...(row.object_key === ''
    ? { fileNote: 'The file was removed from storage after STORED_FILE_RETENTION_DAYS; this preview is kept.' }
    : {}),
  error: row.error,
  requestedBy: row.requested_by,
  createdAt: row.created_at.toISOString(),
  finishedAt: row.finished_at?.toISOString() ?? null,
});

/** The resume_extractions table: one row per file hash, contact and extractor version. */
@Injectable()
export class ResumeLedger {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The new row, or null when this file, contact and version are already in the ledger. */
  async claim(entry: NewExtraction): Promise<ExtractionRow | null> {
    const [row] = await this.dataSource.query<ExtractionRow[]>(
      `INSERT INTO resume_extractions
         (file_sha256, contact_id, extractor_version, object_key, file_name, file_type, file_size, requested_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT ON CONSTRAINT resume_extractions_once DO NOTHING
       RETURNING *`,
      [
        entry.fileSha256,
        entry.contactId ?? '',
        entry.extractorVersion,
        entry.objectKey,
        entry.fileName.slice(0, 255),
        entry.fileType,
        entry.fileSize,
        entry.requestedBy.slice(0, 255),
      ],
    );
    return row ?? null;
  }

  async findExisting(fileSha256: string, contactId: string | null, version: string): Promise<ExtractionRow | null> {
    const [row] = await this.dataSource.query<ExtractionRow[]>(
      'SELECT * FROM resume_extractions WHERE file_sha256 = $1 AND contact_id = $2 AND extractor_version = $3',
      [fileSha256, contactId ?? '', version],
    );
    return row ?? null;
  }

  async find(id: string): Promise<ExtractionRow | null> {
    const [row] = await this.dataSource.query<ExtractionRow[]>('SELECT * FROM resume_extractions WHERE id = $1', [id]);
    return row ?? null;
  }

  async findMany(ids: readonly string[]): Promise<ExtractionRow[]> {
    if (ids.length === 0) return [];
    return this.dataSource.query<ExtractionRow[]>('SELECT * FROM resume_extractions WHERE id = ANY($1::uuid[])', [ids]);
  }

  /** The newest resume file uploaded through Switchyard for this contact that is still in storage. */
  async latestStoredFor(contactId: string): Promise<ExtractionRow | null> {
    const [row] = await this.dataSource.query<ExtractionRow[]>(
      `SELECT * FROM resume_extractions WHERE contact_id = $1 AND object_key <> ''
        ORDER BY created_at DESC, id LIMIT 1`,
      [contactId],
    );
    return row ?? null;
  }

  /**
   * The resume files stored for this contact (uploads and CRM attachments sent through the resume
   * pipeline), one row per stored file (its newest extraction), newest first.
   */
  async storedFilesFor(contactId: string, limit = 50): Promise<ExtractionRow[]> {
    return this.dataSource.query<ExtractionRow[]>(
      `SELECT * FROM (
         SELECT DISTINCT ON (object_key) * FROM resume_extractions
          WHERE contact_id = $1 AND object_key <> '' ORDER BY object_key, created_at DESC
       ) files ORDER BY created_at DESC, id LIMIT $2`,
      [contactId, limit],
    );
  }

  /** The contact's newest extractions (any state), for the dashboard's person page. */
  async recentFor(contactId: string, limit: number): Promise<ExtractionRow[]> {
    return this.dataSource.query<ExtractionRow[]>(
      `SELECT * FROM resume_extractions WHERE contact_id = $1 ORDER BY created_at DESC, id LIMIT $2`,
      [contactId, limit],
    );
  }

  /** By its own id or by the id of the job that fills it. */
  async findByIdOrJob(id: string): Promise<ExtractionRow | null> {
    const [row] = await this.dataSource.query<ExtractionRow[]>(
      'SELECT * FROM resume_extractions WHERE id = $1 OR job_id = $1 ORDER BY (id = $1) DESC LIMIT 1',
      [id],
    );
    return row ?? null;
  }

  async queued(id: string, jobId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE resume_extractions SET status = 'queued', job_id = $2, error = NULL, finished_at = NULL WHERE id = $1`,
      [id, jobId],
    );
  }

  async succeeded(id: string, preview: ResumePreview): Promise<void> {
    await this.dataSource.query(
      `UPDATE resume_extractions SET status = 'succeeded', preview = $2, error = NULL, finished_at = now() WHERE id = $1`,
      [id, JSON.stringify(preview)],
    );
  }

  async failed(id: string, error: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE resume_extractions SET status = 'failed', error = $2, finished_at = now() WHERE id = $1`,
      [id, error.slice(0, 2000)],
    );
  }

  /**
   * Up to `limit` object keys whose every ledger row is older than `before` and not waiting for
   * extraction: the files retention may remove.
   */
  async expiredObjectKeys(before: Date, limit: number): Promise<string[]> {
    const rows = await this.dataSource.query<{ object_key: string }[]>(
      `SELECT object_key FROM resume_extractions WHERE object_key <> ''
        GROUP BY object_key HAVING max(created_at) < $1 AND bool_and(status <> 'queued')
        LIMIT $2`,
      [before, limit],
    );
    return rows.map((r) => r.object_key);
  }

  /** The file of these rows is gone from storage: their key is emptied (see `fileRemoved`). */
  async fileRemoved(objectKey: string): Promise<void> {
    await this.dataSource.query(`UPDATE resume_extractions SET object_key = '' WHERE object_key = $1`, [objectKey]);
  }

  /** The same file was uploaded again and stored anew: its removed rows point at it again. */
  async fileRestored(fileSha256: string, objectKey: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE resume_extractions SET object_key = $2 WHERE file_sha256 = $1 AND object_key = ''`,
      [fileSha256, objectKey],
    );
  }
}
