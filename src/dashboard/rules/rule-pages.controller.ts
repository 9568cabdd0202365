import {
  BadRequestException,
  Body,
  Controller,
  Get,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Redirect,
  Req,
  Res,
  UseFilters,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { CreateRuleDto } from '../../routing/rule-store/rule.dto';
import { RulesService } from '../../routing/rule-store/rules.service';
import { tryForm } from '../forms/form-problems';
import { validInput } from '../forms/valid-input';
import { DashboardErrorFilter } from '../pages/dashboard-error.filter';
import { DashboardPages } from '../pages/dashboard-pages';
import { EMPTY_RULE_PROBLEM, fieldText, refusedRuleForm } from './rule-form';

const NOTICES: Record<string, string> = {
  created: 'Rule added. It applies to webhooks from now on; replay older ones to route them again.',
  saved: 'Rule saved.',
  enabled: 'Rule enabled.',
  disabled: 'Rule disabled: it matches nothing until enabled again.',
  moved: 'Order changed.',
  deleted: 'Rule deleted.',
};

type RuleView = Awaited<ReturnType<RulesService['list']>>[number];

/** Routing rules: list in order, write and edit with the parser's reasons inline, switch, reorder, delete. */
@Controller('dashboard/rules')
@UseFilters(DashboardErrorFilter)
export class RulePagesController {
  constructor(
    private readonly pages: DashboardPages,
    private readonly rules: RulesService,
  ) {}

  @Get()
  async list(@Query('done') done: string | undefined, @Req() req: Request, @Res() res: Response): Promise<void> {
    const rules = await this.rules.list();
    await this.pages.send(req, res, 'rules', {
      title: 'Rules',
      section: 'rules',
      rules: rules.map((rule, i) => ({ ...rule, first: i === 0, last: i === rules.length - 1 })),
      notice: done === undefined ? undefined : NOTICES[done],
    });
  }

  @Get('new')
  async newForm(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.pages.send(req, res, 'rule-form', { title: 'New rule', section: 'rules', text: '', enabled: true });
  }

  @Post()
  @Redirect()
  async create(@Body() body: Record<string, unknown>) {
    const text = fieldText(body, 'text');
    const enabled = body.enabled === 'on';
    const saved = await tryForm(() => {
      if (text.trim() === '') throw new BadRequestException(EMPTY_RULE_PROBLEM);
      return this.rules.create({ ...validInput(CreateRuleDto, { text }), enabled });
    });
    if ('problems' in saved) {
      throw refusedRuleForm('rule-form', 'New rule', { text, problems: saved.problems }, { enabled });
    }
    // `id` is not part of the redirect: it names the new rule in the audit event.
    return { url: '/dashboard/rules?done=created', statusCode: 303, id: saved.ok.id };
  }

  @Get(':id')
  async edit(@Param('id', ParseUUIDPipe) id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const rule = await this.find(id);
    await this.pages.send(req, res, 'rule-form', { title: 'Edit rule', section: 'rules', rule, text: rule.text });
  }

  @Post(':id')
  @Redirect()
  async update(@Param('id', ParseUUIDPipe) id: string, @Body() body: Record<string, unknown>) {
    const rule = await this.find(id);
    const text = fieldText(body, 'text');
    const saved = await tryForm(() => {
      if (text.trim() === '') throw new BadRequestException(EMPTY_RULE_PROBLEM);
      return this.rules.update(id, validInput(CreateRuleDto, { text }));
    });
    if ('problems' in saved)
      throw refusedRuleForm('rule-form', 'Edit rule', { text, problems: saved.problems }, { rule });
    return { url: '/dashboard/rules?done=saved', statusCode: 303 };
  }

  @Post(':id/enable')
  @Redirect()
  async enable(@Param('id', ParseUUIDPipe) id: string) {
    await this.rules.update(id, { enabled: true });
    return { url: '/dashboard/rules?done=enabled', statusCode: 303 };
  }

  @Post(':id/disable')
  @Redirect()
  async disable(@Param('id', ParseUUIDPipe) id: string) {
    await this.rules.update(id, { enabled: false });
    return { url: '/dashboard/rules?done=disabled', statusCode: 303 };
  }

  /** Swaps the rule with its neighbour above (`direction=up`) or below (`down`). */
  @Post(':id/move')
  @Redirect()
  async move(@Param('id', ParseUUIDPipe) id: string, @Body('direction') direction: unknown) {
    if (direction !== 'up' && direction !== 'down') throw new BadRequestException('direction must be up or down');
    const ids = (await this.rules.list()).map((r) => r.id);
    const at = ids.indexOf(id);
    if (at < 0) throw new NotFoundException(`No rule ${id}`);
    const to = direction === 'up' ? at - 1 : at + 1;
    if (to >= 0 && to < ids.length) {
      [ids[at], ids[to]] = [ids[to]!, ids[at]!];
      await this.rules.reorder({ ids });
    }
    return { url: `/dashboard/rules?done=moved#rule-${id}`, statusCode: 303 };
  }

  @Post(':id/delete')
  @Redirect()
  async remove(@Param('id', ParseUUIDPipe) id: string) {
    await this.rules.remove(id);
    return { url: '/dashboard/rules?done=deleted', statusCode: 303 };
  }

  private async find(id: string): Promise<RuleView> {
    const rule = (await this.rules.list()).find((r) => r.id === id);
    if (!rule) throw new NotFoundException(`No rule ${id}`);
    return rule;
  }
}
