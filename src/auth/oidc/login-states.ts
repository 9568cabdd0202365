import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../platform/config/app-config';
import { hashSecretToken, looksLikeSecretToken, newSecretToken } from '../secret-token';

/** The part of a sign-in kept between the redirect to the provider and its callback. */
export interface LoginAttempt {
  idHash: string;
  returnTo: string;
  /** What the passport strategy keeps in `req.session`: PKCE verifier, state, nonce. */
  data: Record<string, unknown>;
}

export type TakenLogin = { status: 'live'; attempt: LoginAttempt } | { status: 'expired' | 'unknown' };

/**
 * Started sign-ins, in Postgres, bound to the browser that started them by an opaque cookie and
 * usable once, within AUTH_STATE_TTL_SECONDS. The cookie is SameSite=Lax whatever the session
 * cookie's setting: the provider's redirect back is a cross-site navigation.
 */
@Injectable()
export class LoginStates {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  private get cookieName(): string {
    return `${this.config.auth.cookie.name}_login`;
  }

  /** Sets the browser's cookie for a new attempt; save() stores it before the redirect. */
  begin(res: Response, returnTo: string): LoginAttempt {
    const { token, hash } = newSecretToken();
    res.cookie(this.cookieName, token, {
      httpOnly: true,
      secure: this.config.auth.cookie.secure,
      sameSite: 'lax',
      path: '/',
      maxAge: this.config.auth.stateTtlSeconds * 1000,
    });
    return { idHash: hash, returnTo, data: {} };
  }

  async save(attempt: LoginAttempt): Promise<void> {
    await this.dataSource.query('DELETE FROM login_states WHERE expires_at < now()');
    await this.dataSource.query(
      `INSERT INTO login_states (id_hash, data, return_to, expires_at)
        VALUES ($1, $2, $3, now() + make_interval(secs => $4))`,
      [attempt.idHash, JSON.stringify(attempt.data), attempt.returnTo, this.config.auth.stateTtlSeconds],
    );
  }

  /** The browser's attempt, removed so it cannot be used again (also when it has expired). */
  async take(req: Request, res: Response): Promise<TakenLogin> {
    const token = (req.cookies as Record<string, unknown> | undefined)?.[this.cookieName];
    res.clearCookie(this.cookieName, {
      httpOnly: true,
      secure: this.config.auth.cookie.secure,
      sameSite: 'lax',
      path: '/',
    });
    if (!looksLikeSecretToken(token)) return { status: 'unknown' };
    const idHash = hashSecretToken(token);
    // UPDATE and DELETE answer [rows, count] through TypeORM.
    const [[row]] = await this.dataSource.query<
      [{ data: Record<string, unknown>; return_to: string; live: boolean }[], number]
    >(`DELETE FROM login_states WHERE id_hash = $1 RETURNING data, return_to, expires_at > now() AS live`, [
      hashSecretToken(token),
    ]);
    if (!row) return { status: 'unknown' };
    if (!row.live) return { status: 'expired' };
    return { status: 'live', attempt: { idHash, returnTo: row.return_to, data: row.data } };
  }
}
