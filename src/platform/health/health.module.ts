import { Global, Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { HealthIndicators } from './health-indicators';
import { ProcessHeartbeats } from './process-heartbeats';
import { ReadinessService } from './readiness.service';

@Global()
@Module({
  providers: [ReadinessService, HealthIndicators, ProcessHeartbeats],
  controllers: [HealthController],
  exports: [ReadinessService, HealthIndicators, ProcessHeartbeats],
})
export class HealthModule {}
