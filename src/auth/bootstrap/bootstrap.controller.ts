import { Controller, Get, Param, Req, Res, UseGuards } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { AppConfig } from '../../platform/config/app-config';
import { sendOutcome } from '../pages/page';
import { SignIn } from '../sessions/sign-in';
import { BOOTSTRAP_ADMIN, BootstrapLogin } from './bootstrap-login';

const REASONS = {
  used: {
    status: 410,
    message: 'This sign-in link was already used. Run `node dist/main.js admin-link` for a new one.',
  },
  expired: { status: 410, message: 'This sign-in link has expired. Run `node dist/main.js admin-link` for a new one.' },
  unknown: { status: 404, message: 'This sign-in link is not valid.' },
};

@Controller('auth/bootstrap')
@UseGuards(ThrottlerGuard)
export class BootstrapController {
  constructor(
    private readonly bootstrap: BootstrapLogin,
    private readonly signIn: SignIn,
    private readonly config: AppConfig,
  ) {}

  @Get(':token')
  async use(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    if (!this.bootstrap.enabled) {
      return sendOutcome(req, res, 404, {
        title: 'Bootstrap sign-in is off',
        message:
          'One-time bootstrap links work only on local runs without an identity provider (or AUTH_BOOTSTRAP_LOGIN=on).',
      });
    }
    const result = await this.bootstrap.consume(token);
    if (result !== 'ok') {
      return sendOutcome(req, res, REASONS[result].status, {
        title: 'Sign-in link not usable',
        message: REASONS[result].message,
      });
    }
    await this.signIn.open(req, res, BOOTSTRAP_ADMIN);
    res.redirect(302, this.config.auth.dashboardPath);
  }
}
