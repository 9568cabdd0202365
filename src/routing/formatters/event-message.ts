/** What a formatter sees: the stored event, its parsed payload and any enrichment. */
export interface FormattableEvent {
  id: string;
  source: string;
  type: string;
  providerType: string;
  description: string;
  payload: unknown;
}

export type Formatter = (event: FormattableEvent) => string;
