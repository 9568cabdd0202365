import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AuditLog } from '../../audit/audit-log';
import { AmbientTransaction } from '../../platform/database/ambient-transaction';
import type { NewSession, Session } from './session';
import { SessionCookie } from './session-cookie';
import { SessionStore } from './session-store';

/** Opening and closing sessions for every way in (OIDC, Discord link, bootstrap link), audited. */
@Injectable()
export class SignIn {
  constructor(
    private readonly sessions: SessionStore,
    private readonly cookie: SessionCookie,
    private readonly audit: AuditLog,
    private readonly transaction: AmbientTransaction,
  ) {}

  /** A new session for the browser; one it already had is ended (no stale sessions behind a new sign-in). */
  async open(
    req: Request,
    res: Response,
    input: NewSession,
    audit: { action: 'auth.login' | 'auth.link_used'; data?: Record<string, unknown> } = { action: 'auth.login' },
  ): Promise<Session> {
    // The session and its audit event commit together, or neither does.
    const { token, session } = await this.transaction.run(async () => {
      const previous = await this.sessions.find(this.cookie.read(req));
      if (previous) await this.sessions.delete(previous.id);
      const created = await this.sessions.create(input);
      await this.audit.record({
        source: 'admin_dashboard',
        actor: { id: created.session.subject, name: created.session.name },
        action: audit.action,
        target: created.session.id,
        data: {
          method: created.session.method,
          admin: created.session.isAdmin,
          groups: created.session.groups,
          ...audit.data,
        },
      });
      return created;
    });
    this.cookie.set(res, token);
    return session;
  }

  async close(res: Response, session: Session): Promise<void> {
    await this.transaction.run(async () => {
      await this.sessions.delete(session.id);
      await this.audit.record({
        source: 'admin_dashboard',
        actor: { id: session.subject, name: session.name },
        action: 'auth.logout',
        target: session.id,
        data: { method: session.method },
      });
    });
    this.cookie.clear(res);
  }
}
