import { Body, Controller, Param, Post, Redirect, Req, UseFilters } from '@nestjs/common';
import type { Request } from 'express';
import { ParkedChannels } from '../../discord/delivery/parked-channels';
import { SnowflakePipe } from '../../discord/delivery/snowflake.pipe';
import { ForwardTargets } from '../../routing/forward/forward-targets';
import { DashboardErrorFilter } from '../pages/dashboard-error.filter';

const actorName = (req: Request) => req.caller?.actor.name ?? 'unknown';

/** The overview's "Needs attention" actions: unpark a Discord channel, enable an http.forward target. */
@Controller('dashboard')
@UseFilters(DashboardErrorFilter)
export class AttentionPagesController {
  constructor(
    private readonly parked: ParkedChannels,
    private readonly targets: ForwardTargets,
  ) {}

  @Post('discord/channels/:id/unpark')
  @Redirect()
  async unpark(@Param('id', SnowflakePipe) id: string, @Req() req: Request) {
    await this.parked.unpark(id, actorName(req));
    return { url: '/dashboard?done=unparked', statusCode: 303 };
  }

  @Post('forward/targets/enable')
  @Redirect()
  async enable(@Body('url') url: unknown, @Req() req: Request) {
    await this.targets.enable(typeof url === 'string' ? url : '', actorName(req));
    return { url: '/dashboard?done=enabled', statusCode: 303 };
  }
}
