import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../platform/config/app-config';
import { hashSecretToken, looksLikeSecretToken, newSecretToken } from '../secret-token';
import type { NewSession, Session } from './session';

interface SessionRow {
  id: string;
  method: Session['method'];
  subject: string;
  name: string | null;
  email: string | null;
  groups: string[];
  is_admin: boolean;
  created_at: Date;
  expires_at: Date;
}

const COLUMNS = 'id, method, subject, name, email, groups, is_admin, created_at, expires_at';

const toSession = (row: SessionRow): Session => ({
  id: row.id,
  method: row.method,
  subject: row.subject,
  name: row.name,
  email: row.email,
  groups: row.groups,
  isAdmin: row.is_admin,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
});

/** Server-side sessions in Postgres, found by the SHA-256 of the cookie's token. */
@Injectable()
export class SessionStore {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  /** A new session and the token for its cookie (returned once, never stored). */
  async create(input: NewSession): Promise<{ token: string; session: Session }> {
    const { token, hash } = newSecretToken();
    await this.dataSource.query('DELETE FROM sessions WHERE expires_at < now()');
    const [row] = await this.dataSource.query<SessionRow[]>(
      `INSERT INTO sessions (token_hash, method, subject, name, email, groups, is_admin, expires_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, now() + make_interval(secs => $8)) RETURNING ${COLUMNS}`,
      [
        hash,
        input.method,
        input.subject,
        input.name,
        input.email,
        input.groups,
        input.isAdmin,
        this.config.auth.sessionTtlSeconds,
      ],
    );
    return { token, session: toSession(row!) };
  }

  /** The live session for a cookie token, if there is one. */
  async find(token: unknown): Promise<Session | undefined> {
    if (!looksLikeSecretToken(token)) return undefined;
    const [row] = await this.dataSource.query<SessionRow[]>(
      `SELECT ${COLUMNS} FROM sessions WHERE token_hash = $1 AND expires_at > now()`,
      [hashSecretToken(token)],
    );
    return row ? toSession(row) : undefined;
  }

  async delete(id: string): Promise<void> {
    await this.dataSource.query('DELETE FROM sessions WHERE id = $1', [id]);
  }
}
