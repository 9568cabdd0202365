import { BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import type { ChangeKind } from '../../platform/database/change-notifications';
import { Coalescer } from './coalescer';

/** Bursts (a batch of jobs finishing) reach the browsers as at most one push per kind this often. */
export const PUSH_INTERVAL_MS = 500;

export interface LiveSubscriber {
  send(kind: ChangeKind): void;
  close(): void;
}

/**
 * The api process's fan-out: changes reported by ChangeListener, coalesced per kind, pushed to every
 * open dashboard stream. Streams are ended before the HTTP server closes, so shutdown never waits on them.
 */
@Injectable()
export class LiveUpdates implements BeforeApplicationShutdown {
  private readonly subscribers = new Set<LiveSubscriber>();
  private readonly coalescer = new Coalescer<ChangeKind>(PUSH_INTERVAL_MS, (kind) => this.push(kind));
  private closing = false;

  get accepting(): boolean {
    return !this.closing;
  }

  changed(kind: ChangeKind): void {
    if (!this.closing) this.coalescer.add(kind);
  }

  /** Returns the unsubscribe function. */
  subscribe(subscriber: LiveSubscriber): () => void {
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  beforeApplicationShutdown(): void {
    this.closing = true;
    this.coalescer.stop();
    for (const subscriber of this.subscribers) subscriber.close();
    this.subscribers.clear();
  }

  private push(kind: ChangeKind): void {
    for (const subscriber of this.subscribers) subscriber.send(kind);
  }
}
