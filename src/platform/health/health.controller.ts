import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ReadinessService } from './readiness.service';

@Controller()
export class HealthController {
  constructor(private readonly readiness: ReadinessService) {}

  /** Liveness: the process answers. No I/O. */
  @Get('health')
  health() {
    return { status: 'ok' };
  }

  /** Readiness: 200 when every check passes, 503 otherwise, with each check's detail. */
  @Get('ready')
  async ready(@Res({ passthrough: true }) res: Response) {
    const readiness = await this.readiness.check();
    res.status(readiness.ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return { status: readiness.ready ? 'ready' : 'not ready', checks: readiness.checks };
  }
}
