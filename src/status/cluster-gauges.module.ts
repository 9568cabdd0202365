import { Module } from '@nestjs/common';
import { DiscordModule } from '../discord/discord.module';
import { ClusterGauges } from './cluster-gauges';

/** api role: the installation-wide gauges its `/metrics` reports. */
@Module({ imports: [DiscordModule], providers: [ClusterGauges] })
export class ClusterGaugesModule {}
