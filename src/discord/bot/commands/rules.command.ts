import { Injectable } from '@nestjs/common';
import {
  Context,
  createCommandGroupDecorator,
  Options,
  type SlashCommandContext,
  StringOption,
  Subcommand,
} from 'necord';
import { RulesService } from '../../../routing/rule-store/rules.service';
import { CommandRunner } from '../interactions/command-runner';
import { uuidOption } from '../interactions/ids';
import { rulesEmbed, ruleTestEmbeds } from '../render/rule-views';

const RulesGroup = createCommandGroupDecorator({ name: 'rules', description: 'Routing rules' });

class RuleTestOptions {
  @StringOption({
    name: 'rule',
    description: 'A rule line: when <event pattern> [where <conditions>] then <action>',
    required: true,
    max_length: 4000,
  })
  rule!: string;

  @StringOption({ name: 'event', description: 'A stored webhook event id (a UUID)', required: true, max_length: 100 })
  event!: string;
}

/** `/rules list` and `/rules test` (the routing dry run), for admins. */
@Injectable()
@RulesGroup()
export class RulesCommands {
  constructor(
    private readonly runner: CommandRunner,
    private readonly rules: RulesService,
  ) {}

  @Subcommand({ name: 'list', description: 'The routing rules, in the order they are applied (admins)' })
  list(@Context() [interaction]: SlashCommandContext) {
    return this.runner.run(interaction, { name: '/rules list', admin: true }, async () => ({
      embeds: [rulesEmbed(await this.rules.list())],
    }));
  }

  @Subcommand({ name: 'test', description: 'Would this rule match a stored event, and what would it post? (admins)' })
  test(@Context() [interaction]: SlashCommandContext, @Options() options: RuleTestOptions) {
    return this.runner.run(interaction, { name: '/rules test', admin: true }, async () => {
      const eventId = uuidOption(options.event, 'event');
      const result = await this.rules.test({ text: options.rule, eventId });
      return { embeds: ruleTestEmbeds(result, eventId) };
    });
  }
}
