import { Global, Module } from '@nestjs/common';
import { Metrics } from './metrics';

/** Every role: this process's Prometheus series. */
@Global()
@Module({ providers: [Metrics], exports: [Metrics] })
export class MetricsModule {}
