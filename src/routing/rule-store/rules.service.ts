import { Injectable, NotFoundException, BadRequestException } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { EventFormatter } from '../formatters/event-formatter';
import { renderMessage } from '../messages/render-message';
import { ruleMatches } from '../rules/evaluate';
import { TemplatesService } from '../templates/templates.service';
import { CreateRuleDto, ReorderRulesDto, TestRuleDto, UpdateRuleDto } from './rule.dto';
import { RuleRecord } from './rule.entity';
import { sampleOrStoredEvent } from './formattable-event';
import { RuleValidator } from './rule-validator';

const view = (r: RuleRecord) => ({
  id: r.id,
  text: r.text,
  enabled: r.enabled,
  position: r.position,
  parsed: r.parsed,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

/** Rules kept in the database and edited without deploys; every save is parsed and validated. */
@Injectable()
export class RulesService {
  constructor(
    @InjectRepository(RuleRecord) private readonly rules: Repository<RuleRecord>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly validator: RuleValidator,
    private readonly templates: TemplatesService,
    private readonly formatter: EventFormatter,
  ) {}

  async list() {
    return (await this.rules.find({ order: { position: 'ASC', createdAt: 'ASC' } })).map(view);
  }

  async create(dto: CreateRuleDto) {
    const parsed = await this.validator.compile(dto.text);
    const [{ next }] = await this.dataSource.query<[{ next: number }]>(
      'SELECT COALESCE(max(position), 0) + 1 AS next FROM rules',
    );
    return view(
      await this.rules.save(
        this.rules.create({ text: dto.text.trim(), parsed, enabled: dto.enabled ?? true, position: next }),
      ),
    );
  }

  async update(id: string, dto: UpdateRuleDto) {
    const rule = await this.find(id);
    if (dto.text !== undefined) {
      rule.parsed = await this.validator.compile(dto.text);
      rule.text = dto.text.trim();
    }
    if (dto.enabled !== undefined) rule.enabled = dto.enabled;
    return view(await this.rules.save(rule));
  }

  async remove(id: string): Promise<void> {
    const result = await this.rules.delete({ id });
    if (!result.affected) throw new NotFoundException(`No rule ${id}`);
  }

  async reorder(dto: ReorderRulesDto) {
    const all = await this.rules.find();
    const known = new Set(all.map((r) => r.id));
    if (dto.ids.length !== all.length || !dto.ids.every((id) => known.has(id))) {
      throw new BadRequestException('ids must list every rule exactly once');
    }
    await this.dataSource.transaction(async (manager) => {
      for (const [index, id] of dto.ids.entries()) await manager.update(RuleRecord, { id }, { position: index + 1 });
    });
    return this.list();
  }

  /** Whether a rule would match an event, and the exact message it would post; posts nothing. */
  async test(dto: TestRuleDto) {
    const rule = await this.validator.compile(dto.text);
    const event = await sampleOrStoredEvent(this.dataSource, dto);
    const matches = ruleMatches(rule, event.type, event.payload);
    const { name, params } = rule.action;
    const message =
      matches && name === 'discord.post'
        ? await renderMessage(
            event,
            params,
            await this.templates.bodies(params.template ? [params.template] : []),
            this.formatter.settings,
          )
        : null;
    return { matches, action: rule.action, message };
  }

  private async find(id: string): Promise<RuleRecord> {
    const rule = await this.rules.findOneBy({ id });
    if (!rule) throw new NotFoundException(`No rule ${id}`);
    return rule;
  }
}
