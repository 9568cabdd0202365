import type { AppConfig } from '../../platform/config/app-config';
import type { GoogleSettings } from '../../platform/config/google-config';
import type { GetLimits, JsonAnswer } from '../http/guarded-get';

/** Where a listing goes on from: whatever the connector needs (a page number, a cursor, a URL). */
export type PageCursor = Record<string, unknown>;

/** One resource as the API listed it: the engine checks the id and the size, and hashes the payload. */
export interface ListedResource {
  /** The API's id; the engine refuses a resource without a usable one. */
  id: unknown;
  payload: unknown;
  /** A few words for the event's one-line description (a talk's title). */
  title?: string;
  /**
   * The API says this resource is gone (a cancelled calendar event in an incremental listing): a
   * `deleted` event when it was alive, nothing otherwise.
   */
  deleted?: boolean;
}

export interface ListedPage {
  resources: ListedResource[];
  /** Where the next page is; undefined on the last page (the listing is then complete). */
  next?: PageCursor;
  /** Kept on the source once the listing completes, handed back at the next listing (a sync token). */
  state?: Record<string, unknown>;
  /**
   * The page belongs to a listing of the changes since the stored state (a sync token), not of
   * everything: deletions come as resources marked `deleted`, and nothing unlisted is swept.
   */
  incremental?: boolean;
}

/** Google APIs, for connectors that call them. */
export interface GoogleConnectorAccess {
  /** The configured endpoints (GOOGLE_*_URL). */
  urls: GoogleSettings;
  /**
   * A bearer token from the source's credential (a service account key; `subject`: the Workspace
   * user it acts as), cached per process; `renew`: not the cached one (the API refused it). A
   * refusal is a SyncFetchError (credentials, or retry later).
   */
  accessToken(scopes: string[], subject?: string, renew?: boolean): Promise<string>;
}

/** What a connector gets for one page: its source's settings and credential, and a guarded GET. */
export interface ConnectorContext<TSettings> {
  slug: string;
  settings: TSettings;
  /** The source's sealed credential, opened (an auth header's value, an API key); undefined if none. */
  credential?: string;
  /**
   * What the connector kept from the last complete listing; empty after it threw
   * SyncStateExpiredError (the engine then lists in full).
   */
  state: Record<string, unknown>;
  /** GET a JSON document through the address guard and the run's limits. */
  getJson(url: URL, headers?: Record<string, string>): Promise<JsonAnswer>;
  limits: GetLimits;
  signal: AbortSignal;
  google: GoogleConnectorAccess;
}

/**
 * Lists the resources of one kind from one API, a page at a time. One folder per connector under
 * src/sync/connectors, registered by one line in connector-registry.ts. A connector reads; the
 * engine decides what changed, writes the events and the state, and decides about deletions.
 */
export interface SyncConnector<TSettings = Record<string, unknown>> {
  readonly id: string;
  /** One line for the API docs and the dashboard. */
  readonly description: string;
  /** What is wrong with a source's settings, one sentence each; empty when they are fine. */
  validateSettings(settings: Record<string, unknown>): string[];
  /**
   * The settings as the connector uses them (after validateSettings found nothing wrong); `config`
   * for what the deployment decides (the HubSpot properties the people cache maps).
   */
  parseSettings(settings: Record<string, unknown>, config: AppConfig): TSettings;
  /** The resource type, the middle of event types (`<source>.<resource>.created`). */
  resource(settings: TSettings): string;
  /**
   * Words for the end of event types instead of created/updated/deleted, where the API has its own
   * (Gmail's new messages are `<source>.message.received`).
   */
  readonly verbs?: Readonly<Partial<Record<'created' | 'updated' | 'deleted', string>>>;
  /**
   * Resources that never change once made (a received message): the delivery id of one's `created`
   * event comes from its id alone, so it is stored once even when the state that knew it is gone
   * (the source removed and added again under its slug).
   */
  readonly immutable?: boolean;
  /** Fields whose changes are not changes (counters, "last seen" stamps), dotted from the resource's root. */
  volatileFields(settings: TSettings): string[];
  /** What is wrong with a credential given to a source (its shape, never its validity), one sentence each. */
  credentialProblems?(credential: string): string[];
  /** URLs this source calls, checked against the address policy when the source is saved. */
  urls(settings: TSettings): URL[];
  /** One page of the listing, from its start when `cursor` is null. */
  listPage(context: ConnectorContext<TSettings>, cursor: PageCursor | null): Promise<ListedPage>;
}
