import { Module } from '@nestjs/common';
import { RoutingModule } from './routing.module';
import { RulesController } from './rule-store/rules.controller';
import { RuleValidator } from './rule-store/rule-validator';
import { RulesService } from './rule-store/rules.service';
import { TemplatesController } from './templates/templates.controller';

/** api role: the rules and templates API. */
@Module({
  imports: [RoutingModule],
  providers: [RulesService, RuleValidator],
  controllers: [RulesController, TemplatesController],
})
export class RoutingHttpModule {}
