import { Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { ParkedChannels } from './parked-channels';
import { SnowflakePipe } from './snowflake.pipe';

/** Parked Discord channels: which, why, and unparking one (its dead head is redriven). */
@Controller('discord/channels')
export class DiscordChannelsController {
  constructor(private readonly parked: ParkedChannels) {}

  @Get('parked')
  async list() {
    return { channels: await this.parked.list() };
  }

  @Post(':id/unpark')
  @HttpCode(200)
  unpark(@Param('id', SnowflakePipe) id: string, @Req() req: Request) {
    return this.parked.unpark(id, req.caller?.actor.name ?? 'unknown');
  }
}
