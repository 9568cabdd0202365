import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { hashSecretToken, looksLikeSecretToken } from '../../../auth/secret-token';

/** A connection started on the dashboard, kept until Google sends the admin back. */
export interface PendingConnection {
  sessionId: string;
  codeVerifierSealed: string;
  /** Google's scopes asked for. */
  scopes: string[];
  redirectUri: string;
}

export type TakenConnection =
  | { status: 'live'; pending: PendingConnection }
  | { status: 'expired' | 'unknown' | 'other_session' };

/**
 * `google_oauth_states`: started connections, found by the SHA-256 of their `state` (256 random
 * bits), bound to the admin session that started them, usable once and only until they expire.
 * Signing out (the session deleted) drops them too.
 */
@Injectable()
export class GoogleOAuthStates {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async save(state: string, pending: PendingConnection, ttlSeconds: number): Promise<void> {
    await this.dataSource.query('DELETE FROM google_oauth_states WHERE expires_at < now()');
    await this.dataSource.query(
      `INSERT INTO google_oauth_states (state_hash, session_id, code_verifier_sealed, scopes, redirect_uri, expires_at)
        VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6))`,
      [
        hashSecretToken(state),
        pending.sessionId,
        pending.codeVerifierSealed,
        pending.scopes,
        pending.redirectUri,
        ttlSeconds,
      ],
    );
  }

  /**
   * The connection `state` names, removed so it cannot be used again, when it was started by this
   * session and has not expired. A state of another session is left for that session.
   */
  async take(state: unknown, sessionId: string): Promise<TakenConnection> {
    if (!looksLikeSecretToken(state)) return { status: 'unknown' };
    const hash = hashSecretToken(state);
    const [[row]] = await this.dataSource.query<
      [
        {
          code_verifier_sealed: string;
          scopes: string[];
          redirect_uri: string;
          live: boolean;
        }[],
        number,
      ]
    >(
      `DELETE FROM google_oauth_states WHERE state_hash = $1 AND session_id = $2
        RETURNING code_verifier_sealed, scopes, redirect_uri, expires_at > now() AS live`,
      [hash, sessionId],
    );
    if (!row) {
      const [other] = await this.dataSource.query<unknown[]>(
        'SELECT 1 FROM google_oauth_states WHERE state_hash = $1',
        [hash],
      );
      return { status: other ? 'other_session' : 'unknown' };
    }
    if (!row.live) return { status: 'expired' };
    return {
      status: 'live',
      pending: {
        sessionId,
        codeVerifierSealed: row.code_verifier_sealed,
        scopes: row.scopes,
        redirectUri: row.redirect_uri,
      },
    };
  }
}
