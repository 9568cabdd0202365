import { Controller, HttpCode, Post, Req, ServiceUnavailableException } from '@nestjs/common';
import type { Request } from 'express';
import { PeopleSyncService } from './people-sync.service';
import { CrmNotConfiguredError } from './sync-errors';

/** `POST /sync/people`: asks for a full sync (a job); 202 with its id, or with the one already waiting. */
@Controller('sync')
export class PeopleSyncController {
  constructor(private readonly sync: PeopleSyncService) {}

  @Post('people')
  @HttpCode(202)
  async start(@Req() req: Request) {
    try {
      return await this.sync.request('api', req.caller?.actor.name ?? null);
    } catch (error) {
      if (error instanceof CrmNotConfiguredError) throw new ServiceUnavailableException(error.message);
      throw error;
    }
  }
}
