import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, Repository } from 'typeorm';
import { EventFormatter } from '../formatters/event-formatter';
import { BUILT_IN_TEMPLATE_NAMES, isBuiltInTemplate } from '../formatters/format-event';
import { renderMessage } from '../messages/render-message';
import { sampleOrStoredEvent } from '../rule-store/formattable-event';
import { compileTemplate, TemplateSyntaxError } from './liquid-engine';
import { MessageTemplateRecord } from './message-template.entity';
import { PreviewTemplateDto, SaveTemplateDto, TEMPLATE_NAME } from './template.dto';

const view = (t: MessageTemplateRecord) => ({
  name: t.name,
  body: t.body,
  description: t.description,
  createdAt: t.createdAt.toISOString(),
  updatedAt: t.updatedAt.toISOString(),
});

/**
 * Stored Liquid templates for Discord messages; every save is parsed first. A stored template
 * wins over a built-in formatter of the same name.
 */
@Injectable()
export class TemplatesService {
  constructor(
    @InjectRepository(MessageTemplateRecord) private readonly templates: Repository<MessageTemplateRecord>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly formatter: EventFormatter,
  ) {}

  async list() {
    return {
      templates: (await this.templates.find({ order: { name: 'ASC' } })).map(view),
      builtIn: BUILT_IN_TEMPLATE_NAMES,
    };
  }

  async save(name: string, dto: SaveTemplateDto) {
    assertName(name);
    parseOrExplain(dto.body);
    await this.templates.upsert({ name, body: dto.body, description: dto.description ?? null }, ['name']);
    return view(await this.templates.findOneByOrFail({ name }));
  }

  async remove(name: string): Promise<void> {
    const users = await this.dataSource.query<{ id: string }[]>(
      `SELECT id FROM rules WHERE parsed #>> '{action,params,template}' = $1 ORDER BY position`,
      [name],
    );
    if (users.length > 0) {
      throw new ConflictException(
        `Template "${name}" is used by rule${users.length === 1 ? '' : 's'} ${users.map((u) => u.id).join(', ')}; change them first`,
      );
    }
    const result = await this.templates.delete({ name });
    if (!result.affected) throw new NotFoundException(`No template ${name}`);
  }

  /** The bodies of the named stored templates (built-in names have none). */
  async bodies(names: readonly string[]): Promise<Map<string, string>> {
    if (names.length === 0) return new Map();
    const found = await this.templates.findBy({ name: In([...new Set(names)]) });
    return new Map(found.map((t) => [t.name, t.body]));
  }

  /** A problem with a rule's `template=<name>`, or undefined when it names a stored or built-in one. */
  async problemWith(name: string): Promise<string | undefined> {
    if ((await this.templates.existsBy({ name })) || isBuiltInTemplate(name)) return undefined;
    const stored = (await this.templates.find({ select: { name: true }, order: { name: 'ASC' } })).map((t) => t.name);
    return `unknown template "${name}"; stored templates: ${stored.join(', ') || 'none'}; built-in: ${BUILT_IN_TEMPLATE_NAMES.join(', ')}`;
  }

  /** Renders Liquid (or a stored template) against a stored or sample event; posts nothing. */
  async preview(dto: PreviewTemplateDto) {
    if ((dto.body === undefined) === (dto.name === undefined)) throw new BadRequestException('Give body or name');
    if (dto.body !== undefined) parseOrExplain(dto.body);
    const event = await sampleOrStoredEvent(this.dataSource, dto);
    const stored = dto.name ? await this.bodies([dto.name]) : new Map<string, string>();
    if (dto.name && !stored.has(dto.name) && !isBuiltInTemplate(dto.name)) {
      throw new NotFoundException(`No template ${dto.name}`);
    }
    return {
      message: await renderMessage(event, { text: dto.body, template: dto.name }, stored, this.formatter.settings),
    };
  }
}

function assertName(name: string): void {
  if (!TEMPLATE_NAME.test(name)) {
    throw new BadRequestException('A template name has 1-100 characters: a-z, 0-9, _, . and -');
  }
}

function parseOrExplain(body: string): void {
  try {
    compileTemplate(body);
  } catch (error) {
    if (error instanceof TemplateSyntaxError)
      throw new BadRequestException(`Not a valid Liquid template: ${error.message}`);
    throw error;
  }
}
