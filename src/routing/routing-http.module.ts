import { Module } from '@nestjs/common';
import { RoutingModule } from './routing.module';
import { RulesController } from './rule-store/rules.controller';
import { TemplatesController } from './templates/templates.controller';

/** api role: the rules and templates API. */
@Module({ imports: [RoutingModule], controllers: [RulesController, TemplatesController] })
export class RoutingHttpModule {}
