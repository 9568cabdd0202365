import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { AuditLog } from '../../audit/audit-log';
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
  ) {}

  async open(
    res: Response,
    input: NewSession,
    audit: { action: 'auth.login' | 'auth.link_used'; data?: Record<string, unknown> } = { action: 'auth.login' },
  ): Promise<Session> {
    const { token, session } = await this.sessions.create(input);
    this.cookie.set(res, token);
    await this.audit.record({
      source: 'admin_dashboard',
      actor: { id: session.subject, name: session.name },
      action: audit.action,
      target: session.id,
      data: { method: session.method, admin: session.isAdmin, groups: session.groups, ...audit.data },
    });
    return session;
  }

  async close(res: Response, session: Session): Promise<void> {
    await this.sessions.delete(session.id);
    this.cookie.clear(res);
    await this.audit.record({
      source: 'admin_dashboard',
      actor: { id: session.subject, name: session.name },
      action: 'auth.logout',
      target: session.id,
      data: { method: session.method },
    });
  }
}
