import { randomBytes, randomUUID } from 'node:crypto';
import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { SecretBox } from '../../platform/security/secret-box';
import { webhookProviders } from '../providers/provider-registry';
import { CreateSourceDto, isReservedSlug, RotateSecretDto, UpdateSourceDto } from './source.dto';
import { StoredSecret, WebhookSourceRecord } from './webhook-source.entity';
import { WebhookSources } from './webhook-sources';

export interface SourceView {
  slug: string;
  provider: string;
  url: string;
  enabled: boolean;
  rateLimitPerMinute: number | null;
  settings: Record<string, unknown>;
  secrets: { id: string; createdAt: string; expiresAt: string | null }[];
  createdAt: string;
  updatedAt: string;
}

const DAY = 24 * 3600;
const generateSecret = () => randomBytes(24).toString('base64url');

/** Managing sources: secrets are sealed before storing and shown only once, when created. */
@Injectable()
export class WebhookSourcesService {
  constructor(
    @InjectRepository(WebhookSourceRecord) private readonly records: Repository<WebhookSourceRecord>,
    private readonly box: SecretBox,
    private readonly sources: WebhookSources,
  ) {}

  async list(): Promise<SourceView[]> {
    return (await this.records.find({ order: { slug: 'ASC' } })).map((r) => this.view(r));
  }

  async get(slug: string): Promise<SourceView> {
    return this.view(await this.record(slug));
  }

  async create(dto: CreateSourceDto): Promise<SourceView & { secret: string }> {
    if (isReservedSlug(dto.slug)) throw new BadRequestException(`slug "${dto.slug}" is reserved for the admin API`);
    const settings = dto.settings ?? {};
    this.checkSettings(dto.provider, settings);
    if (await this.records.existsBy({ slug: dto.slug }))
      throw new ConflictException(`A source "${dto.slug}" already exists`);
    // Polled sources (src/sync) store their events under their slug too.
    const [polled] = await this.records.query<unknown[]>('SELECT 1 FROM sync_sources WHERE slug = $1', [dto.slug]);
    if (polled) throw new ConflictException(`A sync source "${dto.slug}" already exists`);
    const secret = dto.secret ?? generateSecret();
    const record = await this.records.save(
      this.records.create({
        slug: dto.slug,
        provider: dto.provider,
        settings,
        enabled: dto.enabled ?? true,
        rateLimitPerMinute: dto.rateLimitPerMinute ?? null,
        secrets: [this.seal(secret)],
      }),
    );
    this.sources.invalidate();
    return { ...this.view(record), secret };
  }

  async update(slug: string, dto: UpdateSourceDto): Promise<SourceView> {
    const record = await this.record(slug);
    if (dto.settings !== undefined) {
      this.checkSettings(record.provider, dto.settings);
      record.settings = dto.settings;
    }
    if (dto.enabled !== undefined) record.enabled = dto.enabled;
    if (dto.rateLimitPerMinute !== undefined) record.rateLimitPerMinute = dto.rateLimitPerMinute;
    return this.saved(record);
  }

  /** Adds a new secret; the current ones stay valid for the grace period, then stop verifying. */
  async rotate(slug: string, dto: RotateSecretDto): Promise<SourceView & { secret: string }> {
    const record = await this.record(slug);
    const now = Date.now();
    const graceEnd = new Date(now + (dto.previousValidForSeconds ?? DAY) * 1000).toISOString();
    const secret = dto.secret ?? generateSecret();
    record.secrets = [
      this.seal(secret),
      ...record.secrets
        .filter((s) => s.expiresAt === null || Date.parse(s.expiresAt) > now)
        .map((s) => ({ ...s, expiresAt: s.expiresAt && s.expiresAt < graceEnd ? s.expiresAt : graceEnd })),
    ];
    return { ...(await this.saved(record)), secret };
  }

  /** Sets the secrets from configuration (GITHUB_WEBHOOK_SECRET), creating the source if needed. */
  async seed(slug: string, provider: string, secrets: string[]): Promise<'created' | 'updated' | 'unchanged'> {
    const record = await this.records.findOneBy({ slug });
    if (!record) {
      // Two api processes may seed at once: the loser's insert does nothing.
      const inserted = await this.records
        .createQueryBuilder()
        .insert()
        .values({
          slug,
          provider,
          settings: {},
          enabled: true,
          rateLimitPerMinute: null,
          secrets: secrets.map((s) => this.seal(s)),
        })
        .orIgnore()
        .execute();
      this.sources.invalidate();
      return inserted.identifiers.length > 0 ? 'created' : 'unchanged';
    }
    const current = record.secrets.map((s) => this.box.open(s.sealed));
    if (current.length === secrets.length && current.every((s, i) => s === secrets[i])) return 'unchanged';
    record.secrets = secrets.map((s) => this.seal(s));
    await this.saved(record);
    return 'updated';
  }

  private async saved(record: WebhookSourceRecord): Promise<SourceView> {
    const saved = await this.records.save(record);
    this.sources.invalidate();
    return this.view(saved);
  }

  private checkSettings(provider: string, settings: Record<string, unknown>): void {
    const problems = webhookProviders.get(provider)?.validateSettings?.(settings) ?? [];
    if (problems.length > 0) throw new BadRequestException(problems.map((p) => `settings: ${p}`));
  }

  private seal(secret: string): StoredSecret {
    return { id: randomUUID(), sealed: this.box.seal(secret), createdAt: new Date().toISOString(), expiresAt: null };
  }

  private async record(slug: string): Promise<WebhookSourceRecord> {
    const record = await this.records.findOneBy({ slug });
    if (!record) throw new NotFoundException(`No webhook source "${slug}"`);
    return record;
  }

  private view(record: WebhookSourceRecord): SourceView {
    return {
      slug: record.slug,
      provider: record.provider,
      url: `/webhooks/${record.slug}`,
      enabled: record.enabled,
      rateLimitPerMinute: record.rateLimitPerMinute,
      settings: record.settings,
      secrets: record.secrets.map(({ id, createdAt, expiresAt }) => ({ id, createdAt, expiresAt })),
      createdAt: record.createdAt.toISOString(),
      updatedAt: record.updatedAt.toISOString(),
    };
  }
}
