import { Module } from '@nestjs/common';
import { MetricsController } from './metrics.controller';

/** api role: `GET /metrics` behind the access table (scope `metrics:read`). */
@Module({ controllers: [MetricsController] })
export class MetricsHttpModule {}
