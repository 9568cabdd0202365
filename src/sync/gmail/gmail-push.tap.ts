import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RoutableEvent } from '../../routing/rule-store/formattable-event';
import { RoutingTap, RoutingTaps } from '../../routing/taps/routing-taps';
import { PushRuns } from '../runs/push-runs';
import { GmailSources } from './gmail-sources';

/** What the `gmail` provider stores for a Pub/Sub push (the decoded notification lifted to the top). */
const PUSH_TYPE = 'gmail.message.received';

/**
 * A Gmail push (a `gmail` webhook source: Pub/Sub says the mailbox changed) is "sync now" for every
 * unpaused gmail-messages sync source reading that mailbox. The run job is queued in the routing
 * transaction under the source's key on the exclusive `sync.run` queue, so a burst of pushes is one
 * run; a run already queued (the next scheduled one, a retry) is made due now instead, and one going
 * on now queues another after it (`sync_push_requests`, read by SyncRunHandler). The source row is
 * only read: a run keeps it locked, and routing never waits for a run.
 */
@Injectable()
export class GmailPushTap implements RoutingTap, OnModuleInit {
  readonly name = 'sync.gmail-push';

  constructor(
    private readonly taps: RoutingTaps,
    private readonly sources: GmailSources,
    private readonly runs: PushRuns,
  ) {}

  onModuleInit(): void {
    this.taps.register(this);
  }

  wants({ type }: { type: string; source: string }): boolean {
    return type === PUSH_TYPE;
  }

  async take(event: RoutableEvent, manager: EntityManager): Promise<string[]> {
    // The sync's own events share the type when the source is named `gmail`; only pushes start runs.
    if (event.provider !== 'gmail') return [];
    const payload = event.payload as { emailAddress?: unknown } | null;
    if (typeof payload?.emailAddress !== 'string') return [];
    return this.runs.queue(manager.queryRunner!, await this.sources.readingMailbox(payload.emailAddress, manager));
  }
}
