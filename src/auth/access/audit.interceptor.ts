import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import { defer, lastValueFrom, Observable } from 'rxjs';
import { AuditLog } from '../../audit/audit-log';
import { AmbientTransaction } from '../../platform/database/ambient-transaction';
import { auditableBody, auditTarget } from './audit-details';
import { RouteRules } from './route-rules';

/**
 * Runs every audited route (its rule names an audit action) in one ambient transaction, which the
 * services' writes join (AmbientTransaction), and writes the audit event in it before the commit,
 * with the caller AccessGuard identified as the actor: a change never commits without its audit
 * row, and a failed audit write fails the request and rolls the change back.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    private readonly rules: RouteRules,
    private readonly audit: AuditLog,
    private readonly transaction: AmbientTransaction,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const action = this.rules.for(context.getHandler() as (...args: unknown[]) => unknown)?.rule.audit;
    const req = context.switchToHttp().getRequest<Request>();
    const caller = req.caller;
    if (!action || !caller) return next.handle();
    return defer(() =>
      this.transaction.run(async () => {
        // handle() is called in here so the route (pipes, handler, services) runs inside the transaction.
        const result: unknown = await lastValueFrom(next.handle(), { defaultValue: undefined });
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
