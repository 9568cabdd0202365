import { BadRequestException, Controller, Get, Query, Req, Res, UseFilters } from '@nestjs/common';
import { isUUID } from 'class-validator';
import type { Request, Response } from 'express';
import { TestRuleDto } from '../../routing/rule-store/rule.dto';
import { RulesService } from '../../routing/rule-store/rules.service';
import { WebhookEventsService } from '../../webhooks/events/webhook-events.service';
import { tryForm } from '../forms/form-problems';
import { validInput } from '../forms/valid-input';
import { DashboardErrorFilter } from '../pages/dashboard-error.filter';
import { DashboardPages } from '../pages/dashboard-pages';
import { EMPTY_RULE_PROBLEM, refusedRuleForm } from './rule-form';

const RECENT_EVENTS = 25;

/**
 * "Test against this event": a dry run of a rule (typed, or an existing one by `ruleId`) on a stored
 * webhook, showing whether it matches and the exact message it would post. Nothing is posted or
 * changed, so it is a GET: the page can be linked from a webhook (`?eventId=`) and bookmarked.
 */
@Controller('dashboard/rules/test')
@UseFilters(DashboardErrorFilter)
export class RuleTestPageController {
  constructor(
    private readonly pages: DashboardPages,
    private readonly rules: RulesService,
    private readonly events: WebhookEventsService,
  ) {}

  @Get()
  async test(@Query() query: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const ruleId = typeof query.ruleId === 'string' ? query.ruleId : undefined;
    const eventId = typeof query.eventId === 'string' && query.eventId !== '' ? query.eventId : undefined;
    const rule = ruleId ? (await this.rules.list()).find((r) => r.id === ruleId) : undefined;
    const text = typeof query.text === 'string' ? query.text : (rule?.text ?? '');
    const page = {
      title: 'Test a rule',
      section: 'rules' as const,
      text,
      eventId,
      events: await this.choices(eventId),
    };
    // Shown first without a result until both a rule and an event are given.
    if (text.trim() === '' || !eventId) {
      if (typeof query.text === 'string' && text.trim() === '') {
        throw refusedRuleForm('rule-test', page.title, { text, problems: { messages: [EMPTY_RULE_PROBLEM] } }, page);
      }
      await this.pages.send(req, res, 'rule-test', page);
      return;
    }
    const outcome = await tryForm(() => this.rules.test(validInput(TestRuleDto, { text, eventId })));
    if ('problems' in outcome)
      throw refusedRuleForm('rule-test', page.title, { text, problems: outcome.problems }, page);
    const { matches, action, message } = outcome.ok;
    await this.pages.send(req, res, 'rule-test', {
      ...page,
      result: {
        matches,
        action: action.name,
        params: Object.entries(action.params).map(([key, value]) => ({ key, value })),
        message,
        postsNothing: message === '',
      },
    });
  }

  /** The most recent webhooks to pick from, and the one asked for even when it is older. */
  private async choices(eventId: string | undefined) {
    const { events } = await this.events.list({ limit: RECENT_EVENTS });
    if (!eventId || events.some((e) => e.id === eventId)) return events;
    if (!isUUID(eventId)) throw new BadRequestException('eventId must be a UUID');
    return [await this.events.get(eventId), ...events];
  }
}
