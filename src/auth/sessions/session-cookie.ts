import { Injectable } from '@nestjs/common';
import type { CookieOptions, Request, Response } from 'express';
import { AppConfig } from '../../platform/config/app-config';

/** The session cookie: opaque token, HttpOnly, flags from AUTH_COOKIE_*. */
@Injectable()
export class SessionCookie {
  constructor(private readonly config: AppConfig) {}

  get name(): string {
    return this.config.auth.cookie.name;
  }

  read(req: Request): string | undefined {
    const value = (req.cookies as Record<string, unknown> | undefined)?.[this.name];
    return typeof value === 'string' ? value : undefined;
  }

  set(res: Response, token: string): void {
    res.cookie(this.name, token, { ...this.options(), maxAge: this.config.auth.sessionTtlSeconds * 1000 });
  }

  clear(res: Response): void {
    res.clearCookie(this.name, this.options());
  }

  private options(): CookieOptions {
    const { secure, sameSite } = this.config.auth.cookie;
    return { httpOnly: true, secure, sameSite, path: '/' };
  }
}
