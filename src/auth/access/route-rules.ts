import { Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { ACCESS_RULES } from './access-rules';
import { routeKeysOf } from './route-key';
import type { RouteKey, RouteRule } from './route-rule';

type Handler = (...args: unknown[]) => unknown;

/**
 * Finds every controller route at boot and its rule in ACCESS_RULES; a route without one stops
 * the boot, so nothing is ever served unprotected by mistake.
 */
@Injectable()
export class RouteRules implements OnModuleInit {
  private readonly byHandler = new Map<Handler, { key: RouteKey; rule: RouteRule }>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
  ) {}

  onModuleInit(): void {
    const missing: string[] = [];
    for (const wrapper of this.discovery.getControllers()) {
      const controller = wrapper.metatype as (new (...args: unknown[]) => object) | undefined;
      if (!controller) continue;
      const prototype = controller.prototype as Record<string, Handler>;
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const handler = prototype[name]!;
        for (const key of routeKeysOf(controller, handler)) {
          const rule = ACCESS_RULES[key];
          if (rule) this.byHandler.set(handler, { key, rule });
          else missing.push(`${key} (${controller.name}.${name})`);
        }
      }
    }
    if (missing.length > 0) {
      throw new Error(
        `Routes without an authorisation rule in src/auth/access/access-rules.ts:\n  ${missing.join('\n  ')}`,
      );
    }
  }

  for(handler: Handler): { key: RouteKey; rule: RouteRule } | undefined {
    return this.byHandler.get(handler);
  }
}
