/** What a formatter sees: the stored event, its parsed payload and any enrichment. */
export interface FormattableEvent {
  id: string;
  source: string;
  type: string;
  providerType: string;
  description: string;
  /** The parsed body; an enriched event's `extra` is at its root (`payload.extra`), as rules see it. */
  payload: unknown;
  /** Set once the provider's enrichment ran: `failed` means the details could not be fetched. */
  enrichment?: { status: 'enriched' | 'failed'; reason?: string };
}

/** Deployment settings some messages need (links into the sender's own web app). */
export interface FormatSettings {
  zammadUrl?: string;
}

export type Formatter = (event: FormattableEvent, settings?: FormatSettings) => string;
