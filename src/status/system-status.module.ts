import { Module } from '@nestjs/common';
import { SystemStatusService } from './system-status.service';

@Module({ providers: [SystemStatusService], exports: [SystemStatusService] })
export class SystemStatusModule {}
