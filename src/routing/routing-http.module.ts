import { Module } from '@nestjs/common';
import { RoutingModule } from './routing.module';
import { RulesController } from './rule-store/rules.controller';
import { RulesService } from './rule-store/rules.service';

/** api role: the rules API. */
@Module({ imports: [RoutingModule], providers: [RulesService], controllers: [RulesController] })
export class RoutingHttpModule {}
