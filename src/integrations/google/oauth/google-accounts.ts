import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuditActor } from '../../../audit/audit-log';

/** A connected Google account as the dashboard and the API show it (never its token). */
export interface GoogleAccountView {
  id: string;
  email: string;
  /** Google's scopes as granted (full URLs, plus `openid` and `email`). */
  scopes: string[];
  /** `connected`, `needs_reconnect` (Google refused its refresh token) or `revoked`. */
  status: 'connected' | 'needs_reconnect' | 'revoked';
  needsReconnectReason: string | null;
  connectedBy: { id: string; name: string | null };
  createdAt: string;
  connectedAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  revokedBy: { id: string; name: string | null } | null;
}

/** What accessToken() needs of an account. */
export interface GoogleAccountCredential {
  id: string;
  email: string;
  refreshTokenSealed: string | null;
  needsReconnect: boolean;
  revoked: boolean;
}

interface AccountRow {
  id: string;
  subject: string;
  email: string;
  scopes: string[];
  refresh_token_sealed: string | null;
  connected_by_id: string;
  connected_by_name: string | null;
  created_at: Date;
  connected_at: Date;
  last_used_at: Date | null;
  needs_reconnect_at: Date | null;
  needs_reconnect_reason: string | null;
  revoked_at: Date | null;
  revoked_by_id: string | null;
  revoked_by_name: string | null;
}

const VIEW_COLUMNS = `id, subject, email, scopes, connected_by_id, connected_by_name, created_at, connected_at,
  last_used_at, needs_reconnect_at, needs_reconnect_reason, revoked_at, revoked_by_id, revoked_by_name`;

const view = (row: Omit<AccountRow, 'refresh_token_sealed'>): GoogleAccountView => ({
  id: row.id,
  email: row.email,
  scopes: row.scopes,
  status: row.revoked_at ? 'revoked' : row.needs_reconnect_at ? 'needs_reconnect' : 'connected',
  needsReconnectReason: row.needs_reconnect_reason,
  connectedBy: { id: row.connected_by_id, name: row.connected_by_name },
  createdAt: row.created_at.toISOString(),
  connectedAt: row.connected_at.toISOString(),
  lastUsedAt: row.last_used_at?.toISOString() ?? null,
  revokedAt: row.revoked_at?.toISOString() ?? null,
  revokedBy: row.revoked_by_id === null ? null : { id: row.revoked_by_id, name: row.revoked_by_name },
});

/** Last-used times are written at most this often per account. */
const LAST_USED_PRECISION_SECONDS = 60;

/**
 * `google_accounts`: Google accounts connected with OAuth, their refresh token sealed with
 * SECRETS_KEY. Connecting an account already connected renews its row (same id); a revoked account
 * stays listed, with its token gone.
 */
@Injectable()
export class GoogleAccounts {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Live accounts first, newest first. */
  async list(): Promise<GoogleAccountView[]> {
    const rows = await this.dataSource.query<AccountRow[]>(
      `SELECT ${VIEW_COLUMNS} FROM google_accounts ORDER BY revoked_at IS NOT NULL, connected_at DESC`,
    );
    return rows.map(view);
  }

  async get(id: string): Promise<GoogleAccountView> {
    const [row] = await this.dataSource.query<AccountRow[]>(
      `SELECT ${VIEW_COLUMNS} FROM google_accounts WHERE id = $1`,
      [id],
    );
    if (!row) throw new NotFoundException(`No Google account ${id}`);
    return view(row);
  }

  /** A new account, or the live row of the same Google account renewed (token, scopes, e-mail). */
  async connect(
    input: { subject: string; email: string; scopes: string[]; refreshTokenSealed: string },
    by: AuditActor,
  ): Promise<{ account: GoogleAccountView; renewed: boolean }> {
    const [row] = await this.dataSource.query<(AccountRow & { renewed: boolean })[]>(
      `INSERT INTO google_accounts (subject, email, scopes, refresh_token_sealed, connected_by_id, connected_by_name)
        VALUES ($1, $2, $3, $4, $5, $6)
        ON CONFLICT (subject) WHERE revoked_at IS NULL DO UPDATE SET
          email = EXCLUDED.email, scopes = EXCLUDED.scopes, refresh_token_sealed = EXCLUDED.refresh_token_sealed,
          connected_by_id = EXCLUDED.connected_by_id, connected_by_name = EXCLUDED.connected_by_name,
          connected_at = now(), needs_reconnect_at = NULL, needs_reconnect_reason = NULL
        RETURNING ${VIEW_COLUMNS}, xmax <> 0 AS renewed`,
      [input.subject, input.email, input.scopes, input.refreshTokenSealed, by.id, by.name ?? null],
    );
    return { account: view(row!), renewed: row!.renewed };
  }

  async credential(id: string): Promise<GoogleAccountCredential | undefined> {
    const [row] = await this.dataSource.query<AccountRow[]>(
      'SELECT id, email, refresh_token_sealed, needs_reconnect_at, revoked_at FROM google_accounts WHERE id = $1',
      [id],
    );
    if (!row) return undefined;
    return {
      id: row.id,
      email: row.email,
      refreshTokenSealed: row.refresh_token_sealed,
      needsReconnect: row.needs_reconnect_at !== null,
      revoked: row.revoked_at !== null,
    };
  }

  /**
   * The live account, locked until the caller's transaction ends (revocation holds it while Google
   * is asked, so a connection renewing it meanwhile waits).
   */
  async lockLive(id: string): Promise<GoogleAccountCredential> {
    const [row] = await this.dataSource.query<AccountRow[]>(
      `SELECT id, email, refresh_token_sealed, needs_reconnect_at, revoked_at FROM google_accounts
        WHERE id = $1 FOR UPDATE`,
      [id],
    );
    if (!row) throw new NotFoundException(`No Google account ${id}`);
    if (row.revoked_at) {
      throw new ConflictException(`Google account ${row.email} was already revoked at ${row.revoked_at.toISOString()}`);
    }
    return {
      id: row.id,
      email: row.email,
      refreshTokenSealed: row.refresh_token_sealed,
      needsReconnect: row.needs_reconnect_at !== null,
      revoked: false,
    };
  }

  /** Marked revoked, its sealed token dropped. */
  async markRevoked(id: string, by: AuditActor): Promise<GoogleAccountView> {
    const [[row]] = await this.dataSource.query<[AccountRow[], number]>(
      `UPDATE google_accounts SET revoked_at = now(), revoked_by_id = $2, revoked_by_name = $3,
          refresh_token_sealed = NULL
        WHERE id = $1 AND revoked_at IS NULL RETURNING ${VIEW_COLUMNS}`,
      [id, by.id, by.name ?? null],
    );
    if (!row) throw new ConflictException(`Google account ${id} was already revoked`);
    return view(row);
  }

  /** Google refused the refresh token: unusable until connected again. False when already marked. */
  async markNeedsReconnect(id: string, reason: string): Promise<boolean> {
    const [, count] = await this.dataSource.query<[unknown[], number]>(
      `UPDATE google_accounts SET needs_reconnect_at = now(), needs_reconnect_reason = $2
        WHERE id = $1 AND revoked_at IS NULL AND needs_reconnect_at IS NULL`,
      [id, reason],
    );
    return count > 0;
  }

  /** Google sent a new refresh token with a refresh (rotation): the old one is spent. */
  async replaceRefreshToken(id: string, previousSealed: string, sealed: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE google_accounts SET refresh_token_sealed = $3
        WHERE id = $1 AND refresh_token_sealed = $2 AND revoked_at IS NULL`,
      [id, previousSealed, sealed],
    );
  }

  async markUsed(id: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE google_accounts SET last_used_at = now()
        WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - make_interval(secs => $2))`,
      [id, LAST_USED_PRECISION_SECONDS],
    );
  }
}
