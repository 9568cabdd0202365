import { Global, Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { HealthIndicators } from './health-indicators';
import { ReadinessService } from './readiness.service';

@Global()
@Module({
  providers: [ReadinessService, HealthIndicators],
  controllers: [HealthController],
  exports: [ReadinessService, HealthIndicators],
})
export class HealthModule {}
