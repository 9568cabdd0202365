import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import { mergeMap, Observable } from 'rxjs';
import { AuditLog } from '../../audit/audit-log';
import { auditableBody, auditTarget } from './audit-details';
import { RouteRules } from './route-rules';

/**
 * Writes the audit event named by a route's rule once the route has succeeded, with the caller
 * AccessGuard identified as the actor. Best effort (see AuditLog): the answer is never refused
 * because the trail could not be written.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    private readonly rules: RouteRules,
    private readonly audit: AuditLog,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const action = this.rules.for(context.getHandler() as (...args: unknown[]) => unknown)?.rule.audit;
    const req = context.switchToHttp().getRequest<Request>();
    const caller = req.caller;
    if (!action || !caller) return next.handle();
    return next.handle().pipe(
      mergeMap(async (result: unknown) => {
        const body = auditableBody(req.body);
        await this.audit.record({
          source: caller.auditSource,
          actor: caller.actor,
          action,
          target: auditTarget(req.params, result),
          data: body !== null && typeof body === 'object' && Object.keys(body).length > 0 ? { request: body } : {},
        });
        return result;
      }),
    );
  }
}
