import type { Response } from 'express';
import type { ChangeKind } from '../../platform/database/change-notifications';
import type { LiveSubscriber } from './live-updates';

export interface LiveStreamOptions {
  /** The `retry:` hint: how long a browser waits before reconnecting a dropped stream. */
  retryMs: number;
  /** A comment line this often keeps proxies and the browser from timing out a quiet stream. */
  heartbeatMs: number;
  /** The stream ends then (the session's expiry), so a reconnect meets the access check again. */
  endAt?: Date;
}

/** One browser's Server-Sent Events stream: an event named after each change kind, and heartbeats. */
export class LiveStream implements LiveSubscriber {
  private readonly timers: NodeJS.Timeout[] = [];
  private ended = false;

  constructor(
    private readonly res: Response,
    private readonly options: LiveStreamOptions,
  ) {}

  open(): void {
    this.res.status(200);
    this.res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    this.res.setHeader('Cache-Control', 'no-store');
    this.res.setHeader('Connection', 'keep-alive');
    // nginx and other proxies would otherwise buffer the stream.
    this.res.setHeader('X-Accel-Buffering', 'no');
    this.res.flushHeaders();
    this.res.write(`retry: ${this.options.retryMs}\n\n`);
    this.timers.push(setInterval(() => this.write(': heartbeat\n\n'), this.options.heartbeatMs));
    if (this.options.endAt) {
      // setTimeout's limit is about 24.8 days; sessions are shorter.
      const left = Math.min(this.options.endAt.getTime() - Date.now(), 2 ** 31 - 1);
      this.timers.push(setTimeout(() => this.close(), Math.max(0, left)));
    }
    this.res.on('close', () => this.stop());
  }

  send(kind: ChangeKind): void {
    this.write(`event: ${kind}\ndata: ${new Date().toISOString()}\n\n`);
  }

  close(): void {
    if (this.ended) return;
    this.stop();
    this.res.end();
  }

  /** Called once whatever ended the stream (close, the browser leaving, the connection dropping). */
  onEnd(listener: () => void): void {
    this.res.on('close', listener);
  }

  private write(chunk: string): void {
    if (!this.ended) this.res.write(chunk);
  }

  private stop(): void {
    this.ended = true;
    for (const timer of this.timers) clearTimeout(timer);
  }
}
