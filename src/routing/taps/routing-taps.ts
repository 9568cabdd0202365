import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RoutableEvent } from '../rule-store/formattable-event';

/**
 * A built-in consumer of stored events besides the rules: a feature that must act on some events
 * whatever rules exist (the people cache re-reads contacts EspoCRM says changed). Routing calls it
 * in the transaction that marks the event routed, so its jobs are made exactly when the event is
 * routed (and again on a replay).
 */
export interface RoutingTap {
  readonly name: string;
  /** Decided on type and source alone (no body), so most events cost nothing. */
  wants(event: { type: string; source: string }): boolean;
  /** Enqueues the tap's jobs inside `manager`'s transaction; their ids. */
  take(event: RoutableEvent, manager: EntityManager): Promise<string[]>;
}

/** The taps features registered (at module init, in the roles that route: the worker). */
@Injectable()
export class RoutingTaps {
  private readonly taps: RoutingTap[] = [];

  register(tap: RoutingTap): void {
    if (this.taps.some((known) => known.name === tap.name)) throw new Error(`Routing tap ${tap.name} registered twice`);
    this.taps.push(tap);
  }

  wanting(event: { type: string; source: string }): RoutingTap[] {
    return this.taps.filter((tap) => tap.wants(event));
  }
}
