import { Module } from '@nestjs/common';
import { ForwardTargetsController } from './forward/forward-targets.controller';
import { RoutingModule } from './routing.module';
import { RulesController } from './rule-store/rules.controller';
import { TemplatesController } from './templates/templates.controller';

/** api role: the rules and templates API, and http.forward's disabled targets. */
@Module({ imports: [RoutingModule], controllers: [RulesController, TemplatesController, ForwardTargetsController] })
export class RoutingHttpModule {}
