import { CanActivate, ExecutionContext, Injectable, ForbiddenException, UnauthorizedException } from '@nestjs/common';
import type { Request } from 'express';
import { AppConfig } from '../config/app-config';
import { constantTimeEqual } from './constant-time';

/**
 * Machine access: `Authorization: Bearer <API_SHARED_SECRET>`. With no secret configured every
 * request is refused, never let through.
 */
@Injectable()
export class SharedSecretGuard implements CanActivate {
  constructor(private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const secret = this.config.apiSharedSecret;
    if (!secret) {
      throw new ForbiddenException('This endpoint is disabled: set API_SHARED_SECRET to use it');
    }
    const header = context.switchToHttp().getRequest<Request>().headers.authorization ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header);
    if (!match) throw new UnauthorizedException('Missing "Authorization: Bearer <API_SHARED_SECRET>" header');
    if (!constantTimeEqual(match[1]!.trim(), secret)) throw new UnauthorizedException('Invalid API secret');
    return true;
  }
}
