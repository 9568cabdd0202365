import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RoutableEvent } from '../../routing/rule-store/formattable-event';
import { RoutingTap, RoutingTaps } from '../../routing/taps/routing-taps';
import { calendarOf } from '../../webhooks/providers/gcal/calendar-of';
import { PushRuns } from '../runs/push-runs';
import { CalendarChannels } from './calendar-channels';

interface Notification {
  channelId?: unknown;
  resourceUri?: unknown;
}

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);

/**
 * Google Calendar pushes (the `gcal` provider's events) become "sync now" of the google-calendar
 * sync sources watching that calendar: those whose `pushSource` is the event's source and whose
 * calendar is the notification's, or which opened its channel. The run is queued under the
 * source's key on the exclusive `sync.run` queue, so a burst of pushes is one run; a push arriving
 * while a run is going is remembered (SyncPushRequests) and queues one more run after it. Nothing
 * here waits for the source's row, which a run holds locked while it lists.
 */
@Injectable()
export class CalendarPushTap implements RoutingTap, OnModuleInit {
  readonly name = 'sync.google-calendar-push';

  constructor(
    private readonly taps: RoutingTaps,
    private readonly runs: PushRuns,
    private readonly channels: CalendarChannels,
  ) {}

  onModuleInit(): void {
    this.taps.register(this);
  }

  wants({ type }: { type: string; source: string }): boolean {
    return type.startsWith('gcal.');
  }

  async take(event: RoutableEvent, manager: EntityManager): Promise<string[]> {
    if (event.provider !== 'gcal') return [];
    const notification = (event.payload ?? {}) as Notification;
    const watching = await this.channels.watching(
      event.source,
      calendarOf(text(notification.resourceUri) ?? undefined) ?? null,
      text(notification.channelId),
      manager,
    );
    return this.runs.queue(manager.queryRunner!, watching);
  }
}
