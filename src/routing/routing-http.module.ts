import { Module } from '@nestjs/common';
import { RoutingModule } from './routing.module';
import { RulesController } from './rule-store/rules.controller';

/** api role: the rules API. */
@Module({ imports: [RoutingModule], controllers: [RulesController] })
export class RoutingHttpModule {}
