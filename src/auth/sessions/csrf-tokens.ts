import { createHmac } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { AppConfig } from '../../platform/config/app-config';
import { constantTimeEqual } from '../../platform/security/constant-time';
import { resolveSecretsKey } from '../../platform/security/secrets-key';
import type { Session } from './session';

export const CSRF_HEADER = 'x-csrf-token';
export const CSRF_FORM_FIELD = '_csrf';

/**
 * CSRF tokens for cookie-authenticated requests: an HMAC of the server-side session id under a key
 * derived from SECRETS_KEY (the synchroniser-token pattern without storing the token). A page
 * reads it from GET /auth/me and sends it back in the X-CSRF-Token header (forms: `_csrf`).
 */
@Injectable()
export class CsrfTokens {
  private readonly key: Buffer;

  constructor(config: AppConfig) {
    this.key = createHmac('sha256', resolveSecretsKey(config).key).update('switchyard-csrf-v1').digest();
  }

  for(session: Session): string {
    return createHmac('sha256', this.key).update(session.id).digest('base64url');
  }

  matches(req: Request, session: Session): boolean {
    const header = req.headers[CSRF_HEADER];
    const field = (req.body as Record<string, unknown> | undefined)?.[CSRF_FORM_FIELD];
    const given = typeof header === 'string' ? header : typeof field === 'string' ? field : undefined;
    return given !== undefined && constantTimeEqual(given, this.for(session));
  }
}
