import {
  BadRequestException,
  Body,
  Controller,
  Get,
  NotFoundException,
  Param,
  ParseIntPipe,
  Post,
  Query,
  Redirect,
  Req,
  Res,
  UseFilters,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { auditableBody } from '../../auth/access/audit-details';
import { ChangeOrigin, ScheduledMessagesService } from '../../discord/schedules/scheduled-messages.service';
import { FormProblems, tryForm } from '../forms/form-problems';
import { DashboardErrorFilter, FormPageException } from '../pages/dashboard-error.filter';
import { DashboardPages } from '../pages/dashboard-pages';

const NOTICES: Record<string, string> = {
  added: 'Scheduled. It is posted at the next time shown.',
  removed: 'Removed: it will not be posted again.',
};

/** A Discord channel or thread id (a snowflake). */
const CHANNEL_ID = /^\d{17,20}$/;

interface ScheduleForm {
  cron: string;
  timezone: string;
  channelId: string;
  message: string;
}

const field = (body: Record<string, unknown>, name: string) => (typeof body[name] === 'string' ? body[name] : '');

/**
 * Scheduled messages, over the service the bot's /schedule command uses: it writes the change and
 * its audit event (source admin_dashboard, the admin as actor) in one transaction.
 */
@Controller('dashboard/schedules')
@UseFilters(DashboardErrorFilter)
export class SchedulePagesController {
  constructor(
    private readonly pages: DashboardPages,
    private readonly schedules: ScheduledMessagesService,
  ) {}

  @Get()
  async list(@Query('done') done: string | undefined, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.pages.send(req, res, 'schedules', {
      ...(await this.listPage()),
      notice: done === undefined ? undefined : NOTICES[done],
    });
  }

  @Post()
  @Redirect()
  async add(@Body() body: Record<string, unknown>, @Req() req: Request) {
    const form: ScheduleForm = {
      cron: field(body, 'cron'),
      timezone: field(body, 'timezone'),
      channelId: field(body, 'channelId').trim(),
      message: field(body, 'message'),
    };
    const added = await tryForm(() => {
      if (!CHANNEL_ID.test(form.channelId)) {
        throw new BadRequestException('Channel must be a Discord channel id: 17 to 20 digits (copy it from Discord)');
      }
      return this.schedules.add(
        {
          cron: form.cron,
          timezone: form.timezone.trim() || undefined,
          channelId: form.channelId,
          message: form.message,
        },
        this.origin(req),
      );
    });
    if ('problems' in added) throw new FormPageException('schedules', await this.listPage(form, added.problems), 400);
    return { url: '/dashboard/schedules?done=added', statusCode: 303 };
  }

  @Post(':id/remove')
  @Redirect()
  async remove(@Param('id', ParseIntPipe) id: number, @Req() req: Request) {
    // The column is a Postgres integer: a larger number names no row (and must not reach the query).
    if (id < 1 || id > 2_147_483_647) throw new NotFoundException(`No scheduled message ${id}`);
    await this.schedules.remove(id, this.origin(req));
    return { url: '/dashboard/schedules?done=removed', statusCode: 303 };
  }

  private origin(req: Request): ChangeOrigin {
    const caller = req.caller!;
    return { source: caller.auditSource, actor: caller.actor, data: { request: auditableBody(req.body) } };
  }

  private async listPage(form?: ScheduleForm, problems?: FormProblems) {
    return {
      title: 'Scheduled messages',
      section: 'schedules' as const,
      schedules: await this.schedules.list(),
      form: form ?? { cron: '', timezone: 'UTC', channelId: '', message: '' },
      problems: problems?.messages ?? null,
    };
  }
}
