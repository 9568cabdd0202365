import { Inject, Injectable, OnModuleInit, Optional } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { isScope } from '../tokens/token-scopes';
import { ACCESS_RULES } from './access-rules';
import { routeKeysOf } from './route-key';
import { type RouteKey, type RouteRule, TOKEN_ACCESS } from './route-rule';

type Handler = (...args: unknown[]) => unknown;

/** The table RouteRules applies: ACCESS_RULES, unless a test provides another. */
export const ACCESS_TABLE = Symbol('ACCESS_TABLE');

/**
 * Finds every controller route at boot and its rule in ACCESS_RULES; a route without one, or one
 * API tokens may call without a scope, stops the boot, so nothing is ever served unprotected (or
 * open to every token) by mistake.
 */
@Injectable()
export class RouteRules implements OnModuleInit {
  private readonly byHandler = new Map<Handler, { key: RouteKey; rule: RouteRule }>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    @Optional() @Inject(ACCESS_TABLE) private readonly table: Record<string, RouteRule> = ACCESS_RULES,
  ) {}

  onModuleInit(): void {
    const missing: string[] = [];
    const unscoped: string[] = [];
    for (const wrapper of this.discovery.getControllers()) {
      const controller = wrapper.metatype as (new (...args: unknown[]) => object) | undefined;
      if (!controller) continue;
      const prototype = controller.prototype as Record<string, Handler>;
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const handler = prototype[name]!;
        for (const key of routeKeysOf(controller, handler)) {
          const rule = this.table[key];
          if (!rule) missing.push(`${key} (${controller.name}.${name})`);
          else if (TOKEN_ACCESS.includes(rule.access) && !isScope((rule as { scope?: unknown }).scope)) {
            unscoped.push(`${key} (${controller.name}.${name})`);
          } else this.byHandler.set(handler, { key, rule });
        }
      }
    }
    const problems = [
      ...(missing.length > 0 ? [`Routes without an authorisation rule in src/auth/access/access-rules.ts:`] : []),
      ...missing.map((route) => `  ${route}`),
      ...(unscoped.length > 0
        ? [`Routes API tokens may call without a scope in src/auth/access/access-rules.ts:`]
        : []),
      ...unscoped.map((route) => `  ${route}`),
    ];
    if (problems.length > 0) throw new Error(problems.join('\n'));
  }

  for(handler: Handler): { key: RouteKey; rule: RouteRule } | undefined {
    return this.byHandler.get(handler);
  }
}
