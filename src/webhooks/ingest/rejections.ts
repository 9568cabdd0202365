import { HttpException, Injectable } from '@nestjs/common';

export type RejectionReason =
  | 'unknown_source'
  | 'source_disabled'
  | 'rate_limited'
  | 'unsupported_media_type'
  | 'too_large'
  | 'bad_signature'
  | 'malformed'
  | 'storage_unavailable'
  | 'timed_out'
  | 'internal_error';

const BY_STATUS: Record<number, RejectionReason> = {
  404: 'unknown_source',
  403: 'source_disabled',
  429: 'rate_limited',
  415: 'unsupported_media_type',
  413: 'too_large',
  401: 'bad_signature',
  400: 'malformed',
  503: 'storage_unavailable',
  408: 'timed_out',
  500: 'internal_error',
};

/** The counted reason for a refusal's status, if it is one ingest gives. */
export const rejectionReason = (error: HttpException): RejectionReason | undefined => BY_STATUS[error.getStatus()];

export interface Rejection {
  at: string;
  source: string;
  reason: RejectionReason;
  status: number;
  message: string;
  requestId?: string;
}

/** Where refusals for slugs that name no source are counted: anyone can make up slugs. */
export const UNKNOWN_SOURCE = '(unknown)';
/** Where refusals are counted once COUNTED_SOURCES distinct sources have been counted. */
export const OTHER_SOURCES = '(other)';

const KEEP = 200;
/** Distinct sources counted at most (sources are made by admins; this only bounds the worst case). */
const COUNTED_SOURCES = 1000;
/** Characters of a source and of a message kept in the latest refusals: a URL can be 16 KiB long. */
const SOURCE_CHARS = 80;
const MESSAGE_CHARS = 300;

const clip = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * Refused deliveries, counted by source and reason, and the latest few with their message.
 * Bodies of refused deliveries are never kept. Per process, in memory, and bounded whatever the
 * slugs: deliveries to unknown slugs share one bucket, and strings are clipped.
 */
@Injectable()
export class IngestRejections {
  private readonly counts = new Map<string, Map<RejectionReason, number>>();
  private readonly recent: Rejection[] = [];

  record(source: string, error: unknown, requestId?: string): void {
    if (!(error instanceof HttpException)) return;
    const status = error.getStatus();
    const reason = BY_STATUS[status];
    if (!reason) return;
    const unknown = reason === 'unknown_source' || (error as { forUnknownSource?: unknown }).forUnknownSource === true;
    this.count(unknown ? UNKNOWN_SOURCE : clip(source, SOURCE_CHARS), reason);
    const response = error.getResponse();
    const message =
      typeof response === 'object' && 'message' in response
        ? String((response as { message: unknown }).message)
        : error.message;
    this.recent.unshift({
      at: new Date().toISOString(),
      source: clip(source, SOURCE_CHARS),
      reason,
      status,
      message: clip(message, MESSAGE_CHARS),
      requestId,
    });
    if (this.recent.length > KEEP) this.recent.length = KEEP;
  }

  summary(limit = 50): { counts: { source: string; reason: RejectionReason; count: number }[]; recent: Rejection[] } {
    const counts = [...this.counts.entries()].flatMap(([source, reasons]) =>
      [...reasons.entries()].map(([reason, count]) => ({ source, reason, count })),
    );
    return { counts, recent: this.recent.slice(0, limit) };
  }

  private count(source: string, reason: RejectionReason): void {
    const key = this.counts.has(source) || this.counts.size < COUNTED_SOURCES ? source : OTHER_SOURCES;
    let reasons = this.counts.get(key);
    if (!reasons) this.counts.set(key, (reasons = new Map()));
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
}
