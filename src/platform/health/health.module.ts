import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { ReadinessService } from './readiness.service';

@Module({ providers: [ReadinessService], controllers: [HealthController] })
export class HealthModule {}
