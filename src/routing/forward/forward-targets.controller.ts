import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { IsString, MaxLength } from 'class-validator';
import type { Request } from 'express';
import { ForwardTargets } from './forward-targets';

class EnableTargetBody {
  @IsString()
  @MaxLength(2048)
  url!: string;
}

/** http.forward targets disabled by a 410, and enabling one again. */
@Controller('forward/targets')
export class ForwardTargetsController {
  constructor(private readonly targets: ForwardTargets) {}

  @Get('disabled')
  async disabled() {
    return { targets: await this.targets.list() };
  }

  @Post('enable')
  @HttpCode(200)
  enable(@Body() body: EnableTargetBody, @Req() req: Request) {
    return this.targets.enable(body.url, req.caller?.actor.name ?? 'unknown');
  }
}
