import { HttpException, Injectable } from '@nestjs/common';

export type RejectionReason =
  | 'unknown_source'
  | 'source_disabled'
  | 'rate_limited'
  | 'unsupported_media_type'
  | 'too_large'
  | 'bad_signature'
  | 'malformed'
  | 'storage_unavailable';

const BY_STATUS: Record<number, RejectionReason> = {
  404: 'unknown_source',
  403: 'source_disabled',
  429: 'rate_limited',
  415: 'unsupported_media_type',
  413: 'too_large',
  401: 'bad_signature',
  400: 'malformed',
  503: 'storage_unavailable',
};

export interface Rejection {
  at: string;
  source: string;
  reason: RejectionReason;
  status: number;
  message: string;
  requestId?: string;
}

const KEEP = 200;

/**
 * Refused deliveries, counted by source and reason, and the latest few with their message.
 * Bodies of refused deliveries are never kept. Per process, in memory.
 */
@Injectable()
export class IngestRejections {
  private readonly counts = new Map<string, number>();
  private readonly recent: Rejection[] = [];

  record(source: string, error: unknown, requestId?: string): void {
    if (!(error instanceof HttpException)) return;
    const status = error.getStatus();
    const reason = BY_STATUS[status];
    if (!reason) return;
    const key = `${source}\u0000${reason}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    const response = error.getResponse();
    const message =
      typeof response === 'object' && 'message' in response
        ? String((response as { message: unknown }).message)
        : error.message;
    this.recent.unshift({ at: new Date().toISOString(), source, reason, status, message, requestId });
    if (this.recent.length > KEEP) this.recent.length = KEEP;
  }

  summary(limit = 50): { counts: { source: string; reason: RejectionReason; count: number }[]; recent: Rejection[] } {
    const counts = [...this.counts.entries()].map(([key, count]) => {
      const [source, reason] = key.split('\u0000') as [string, RejectionReason];
      return { source, reason, count };
    });
    return { counts, recent: this.recent.slice(0, limit) };
  }
}
