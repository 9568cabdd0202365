import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface PreviewSession {
  id: string;
  extraction_id: string;
  contact_id: string;
  asker_id: string;
  fields: string[];
  overwrite: boolean;
  status: 'pending' | 'applying' | 'applied' | 'cancelled';
  expires_at: Date;
  created_at: Date;
  decided_at: Date | null;
  decided_by: string | null;
  /** Computed on read: expires_at has passed. */
  expired: boolean;
}

export interface NewPreviewSession {
  extractionId: string;
  contactId: string;
  askerId: string;
  fields: string[];
  overwrite: boolean;
  ttlSeconds: number;
}

const COLUMNS = '*, expires_at <= now() AS expired';

/**
 * The discord_resume_previews table: a resume preview posted with Apply and Cancel buttons. A press
 * claims the session (pending → applying, or pending → cancelled) in one UPDATE, so two presses
 * never both act; the database clock decides expiry.
 */
@Injectable()
export class ResumePreviewSessions {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async create(session: NewPreviewSession): Promise<PreviewSession> {
    const [row] = await this.dataSource.query<PreviewSession[]>(
      `INSERT INTO discord_resume_previews (extraction_id, contact_id, asker_id, fields, overwrite, expires_at)
       VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6))
       RETURNING ${COLUMNS}`,
      [session.extractionId, session.contactId, session.askerId, session.fields, session.overwrite, session.ttlSeconds],
    );
    return row!;
  }

  async find(id: string): Promise<PreviewSession | null> {
    const [row] = await this.dataSource.query<PreviewSession[]>(
      `SELECT ${COLUMNS} FROM discord_resume_previews WHERE id = $1`,
      [id],
    );
    return row ?? null;
  }

  /** pending and not expired → `to`; the claimed row, or null when it was not pending (or expired). */
  async claim(id: string, to: 'applying' | 'cancelled', by: string): Promise<PreviewSession | null> {
    const rows = await this.dataSource.query<[PreviewSession[], number]>(
      `UPDATE discord_resume_previews SET status = $2, decided_by = $3, decided_at = now()
        WHERE id = $1 AND status = 'pending' AND expires_at > now()
        RETURNING ${COLUMNS}`,
      [id, to, by],
    );
    return rows[0]?.[0] ?? null;
  }

  async finish(id: string, status: 'applied' | 'pending'): Promise<void> {
    await this.dataSource.query(
      `UPDATE discord_resume_previews SET status = $2,
              decided_at = CASE WHEN $2 = 'pending' THEN NULL ELSE decided_at END,
              decided_by = CASE WHEN $2 = 'pending' THEN NULL ELSE decided_by END
        WHERE id = $1 AND status = 'applying'`,
      [id, status],
    );
  }
}
