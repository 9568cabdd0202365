import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import type { Response } from 'express';
import { HealthIndicators } from './health-indicators';
import { ReadinessService } from './readiness.service';

@Controller()
export class HealthController {
  constructor(
    private readonly readiness: ReadinessService,
    private readonly indicators: HealthIndicators,
  ) {}

  /**
   * Liveness: the process answers, with what its parts report (no I/O). 503 only when a part
   * cannot recover by itself (the gateway gave up), so a restart is the remedy.
   */
  @Get('health')
  health(@Res({ passthrough: true }) res: Response) {
    const reported = Object.entries(this.indicators.read());
    if (reported.length === 0) return { status: 'ok' };
    const failing = reported.some(([, indicator]) => indicator.fatal);
    res.status(failing ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.OK);
    const checks = Object.fromEntries(reported.map(([name, { fatal: _fatal, ...indicator }]) => [name, indicator]));
    return { status: failing ? 'failing' : 'ok', checks };
  }

  /** Readiness: 200 when every check passes, 503 otherwise, with each check's detail. */
  @Get('ready')
  async ready(@Res({ passthrough: true }) res: Response) {
    const readiness = await this.readiness.check();
    res.status(readiness.ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return { status: readiness.ready ? 'ready' : 'not ready', checks: readiness.checks };
  }
}
