import { createHash, randomBytes } from 'node:crypto';
import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuditActor } from '../../audit/audit-log';
import type { Scope } from './token-scopes';

/** `sy_` and 256 random bits: recognisable in a config file or a secret scanner's findings. */
const TOKEN_FORMAT = /^sy_[A-Za-z0-9_-]{43}$/;
export const looksLikeApiToken = (value: string): boolean => TOKEN_FORMAT.test(value);

/** A token found by its secret: what the guard needs. */
export interface TokenHolder {
  id: string;
  name: string;
  scopes: Scope[];
}

export interface ApiTokenView extends TokenHolder {
  createdAt: string;
  createdBy: { id: string; name: string | null };
  lastUsedAt: string | null;
  revokedAt: string | null;
  revokedBy: { id: string; name: string | null } | null;
}

interface TokenRow {
  id: string;
  name: string;
  scopes: Scope[];
  created_at: Date;
  created_by_id: string;
  created_by_name: string | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
  revoked_by_id: string | null;
  revoked_by_name: string | null;
}

const COLUMNS = `id, name, scopes, created_at, created_by_id, created_by_name, last_used_at, revoked_at,
  revoked_by_id, revoked_by_name`;

const view = (row: TokenRow): ApiTokenView => ({
  id: row.id,
  name: row.name,
  scopes: row.scopes,
  createdAt: row.created_at.toISOString(),
  createdBy: { id: row.created_by_id, name: row.created_by_name },
  lastUsedAt: row.last_used_at?.toISOString() ?? null,
  revokedAt: row.revoked_at?.toISOString() ?? null,
  revokedBy: row.revoked_by_id === null ? null : { id: row.revoked_by_id, name: row.revoked_by_name },
});

const hashOf = (token: string): string => createHash('sha256').update(token).digest('hex');

/** Last-used times are written at most this often per token, not on every request. */
const LAST_USED_PRECISION_SECONDS = 60;

const UNIQUE_VIOLATION = '23505';

/**
 * API tokens (`api_tokens`): created by an admin (or a token allowed to), shown once, stored as their
 * SHA-256 only, each with scopes; revoked tokens stay listed (and in the audit trail) but open nothing.
 */
@Injectable()
export class ApiTokens {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A new token; `token` is the secret, returned this once. */
  async create(
    input: { name: string; scopes: Scope[] },
    by: AuditActor,
    grantable: readonly Scope[],
  ): Promise<ApiTokenView & { token: string }> {
    const beyond = input.scopes.filter((scope) => !grantable.includes(scope));
    if (beyond.length > 0) {
      throw new ForbiddenException(`A token cannot grant scopes it does not hold itself: ${beyond.join(', ')}`);
    }
    const name = input.name.trim();
    const token = `sy_${randomBytes(32).toString('base64url')}`;
    const [live] = await this.dataSource.query<{ id: string }[]>(
      'SELECT id FROM api_tokens WHERE lower(name) = lower($1) AND revoked_at IS NULL',
      [name],
    );
    if (live)
      throw new ConflictException(`A token named "${name}" already exists: revoke it first or pick another name`);
    try {
      const [row] = await this.dataSource.query<TokenRow[]>(
        `INSERT INTO api_tokens (name, scopes, token_hash, created_by_id, created_by_name)
          VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
        [name, [...new Set(input.scopes)], hashOf(token), by.id, by.name ?? null],
      );
      return { ...view(row!), token };
    } catch (error) {
      // Made at the same moment by someone else.
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) {
        throw new ConflictException(`A token named "${name}" already exists`);
      }
      throw error;
    }
  }

  /** Every token, live ones first, newest first. */
  async list(): Promise<ApiTokenView[]> {
    const rows = await this.dataSource.query<TokenRow[]>(
      `SELECT ${COLUMNS} FROM api_tokens ORDER BY revoked_at IS NOT NULL, created_at DESC`,
    );
    return rows.map(view);
  }

  async get(id: string): Promise<ApiTokenView> {
    const [row] = await this.dataSource.query<TokenRow[]>(`SELECT ${COLUMNS} FROM api_tokens WHERE id = $1`, [id]);
    if (!row) throw new NotFoundException(`No API token ${id}`);
    return view(row);
  }

  /** From now on the token opens nothing (401). */
  async revoke(id: string, by: AuditActor): Promise<ApiTokenView> {
    const [rows] = await this.dataSource.query<[TokenRow[], number]>(
      `UPDATE api_tokens SET revoked_at = now(), revoked_by_id = $2, revoked_by_name = $3
        WHERE id = $1 AND revoked_at IS NULL RETURNING ${COLUMNS}`,
      [id, by.id, by.name ?? null],
    );
    if (rows[0]) return view(rows[0]);
    const token = await this.get(id);
    throw new ConflictException(`API token ${token.name} was already revoked at ${token.revokedAt}`);
  }

  /**
   * The holder of a presented token, or why it opens nothing. Looked up by the secret's SHA-256, so
   * the lookup's timing says nothing about the secret. Marks it used (at most once a minute).
   */
  async authenticate(token: string): Promise<TokenHolder | 'unknown' | 'revoked'> {
    if (!looksLikeApiToken(token)) return 'unknown';
    const [row] = await this.dataSource.query<(TokenRow & { stale: boolean })[]>(
      `SELECT id, name, scopes, revoked_at,
          last_used_at IS NULL OR last_used_at < now() - make_interval(secs => $2) AS stale
        FROM api_tokens WHERE token_hash = $1`,
      [hashOf(token), LAST_USED_PRECISION_SECONDS],
    );
    if (!row) return 'unknown';
    if (row.revoked_at) return 'revoked';
    if (row.stale) {
      await this.dataSource.query(
        `UPDATE api_tokens SET last_used_at = now()
          WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - make_interval(secs => $2))`,
        [row.id, LAST_USED_PRECISION_SECONDS],
      );
    }
    return { id: row.id, name: row.name, scopes: row.scopes };
  }
}
