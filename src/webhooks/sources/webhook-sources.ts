import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AppConfig } from '../../platform/config/app-config';
import { SecretBox } from '../../platform/security/secret-box';
import { webhookProviders } from '../providers/provider-registry';
import type { SourceContext, WebhookProvider } from '../providers/webhook-provider';
import { WebhookSourceRecord } from './webhook-source.entity';

export interface WebhookSource extends SourceContext {
  provider: WebhookProvider;
  enabled: boolean;
  rateLimitPerMinute: number | null;
  /** Ids of `secrets`, index for index: a verification names the secret that matched. */
  secretIds: readonly string[];
  /** All secrets with their expiry, newest first, for choosing the valid ones at a given instant. */
  allSecrets: { id: string; secret: string; expiresAt: number | null }[];
}

/** How long another process's change to a source may take to be seen here. */
const CACHE_SECONDS = 5;

/**
 * The sources deliveries may arrive for, by the slug in `/webhooks/<slug>`: the whole table,
 * decrypted, cached for a few seconds so the ingest path does not query it per request.
 */
@Injectable()
export class WebhookSources {
  private readonly logger = new Logger('Sources');
  private cache?: Map<string, WebhookSource>;
  private loadedAt = 0;
  private loading?: Promise<Map<string, WebhookSource>>;

  constructor(
    @InjectRepository(WebhookSourceRecord) private readonly records: Repository<WebhookSourceRecord>,
    private readonly box: SecretBox,
    private readonly config: AppConfig,
  ) {}

  /** The source with only the secrets valid at `at`. */
  async find(slug: string, at = new Date()): Promise<WebhookSource | undefined> {
    const source = (await this.all()).get(slug);
    if (!source) return undefined;
    const now = at.getTime();
    const valid = source.allSecrets.filter((s) => s.expiresAt === null || s.expiresAt > now);
    return { ...source, secrets: valid.map((s) => s.secret), secretIds: valid.map((s) => s.id) };
  }

  /** Whether `slug` names a source, as of the last load (no I/O: for labelling, not for deciding). */
  known(slug: string): boolean {
    return this.cache?.has(slug) ?? false;
  }

  invalidate(): void {
    this.cache = undefined;
  }

  private async all(): Promise<Map<string, WebhookSource>> {
    if (this.cache && Date.now() - this.loadedAt < CACHE_SECONDS * 1000) return this.cache;
    this.loading ??= this.load().finally(() => (this.loading = undefined));
    return this.loading;
  }

  private async load(): Promise<Map<string, WebhookSource>> {
    const rows = await this.records.find();
    const sources = new Map<string, WebhookSource>();
    for (const row of rows) {
      const provider = webhookProviders.get(row.provider);
      if (!provider) continue;
      let allSecrets;
      try {
        allSecrets = this.openSecrets(row);
      } catch (error) {
        // One unreadable source must not take ingest down for every other source.
        this.logger.error(`Source "${row.slug}" is unavailable: ${(error as Error).message}`);
        continue;
      }
      sources.set(row.slug, {
        slug: row.slug,
        provider,
        enabled: row.enabled,
        rateLimitPerMinute: row.rateLimitPerMinute,
        settings: row.settings,
        allowPrivateNetworks: this.config.webhooks.jwksAllowPrivateNetworks,
        secrets: allSecrets.map((s) => s.secret),
        secretIds: allSecrets.map((s) => s.id),
        allSecrets,
      });
    }
    this.cache = sources;
    this.loadedAt = Date.now();
    return sources;
  }

  /** The row's secrets in plain text, newest first. */
  private openSecrets(row: WebhookSourceRecord): WebhookSource['allSecrets'] {
    return [...row.secrets]
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      .map((s) => ({
        id: s.id,
        secret: this.box.open(s.sealed),
        expiresAt: s.expiresAt ? Date.parse(s.expiresAt) : null,
      }));
  }
}
