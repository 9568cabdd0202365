import { Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { MailIntakeStatus } from './mail-intake-status';

/** `GET /people/mail-intake`: the mailbox intake's status; `POST /people/mail-intake/poll`: check now. */
@Controller('people/mail-intake')
export class MailIntakeController {
  constructor(private readonly intake: MailIntakeStatus) {}

  @Get()
  status() {
    return this.intake.status();
  }

  @Post('poll')
  @HttpCode(202)
  poll(@Req() req: Request) {
    return this.intake.pollNow(req.caller?.actor.name ?? null);
  }
}
