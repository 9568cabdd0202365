import { Injectable } from '@nestjs/common';
import { Context, SlashCommand, type SlashCommandContext } from 'necord';
import { PeopleLookup } from '../../../../people/directory/people-lookup';
import { PeopleSyncService } from '../../../../people/sync/people-sync.service';
import { AppConfig } from '../../../../platform/config/app-config';
import { CommandRunner } from '../../interactions/command-runner';
import { crmStatusView } from '../../render/people-views';
import { teamOnly } from './team-only';

/** `/crm-status` (members): the people cache's counts, the last full sync, whether EspoCRM is configured. */
@Injectable()
export class CrmStatusCommand {
  constructor(
    private readonly runner: CommandRunner,
    private readonly people: PeopleLookup,
    private readonly sync: PeopleSyncService,
    private readonly config: AppConfig,
  ) {}

  @SlashCommand({
    name: 'crm-status',
    description: 'The people cache: how many, the last CRM sync, whether EspoCRM is set up',
  })
  show(@Context() [interaction]: SlashCommandContext) {
    return this.runner.run(interaction, { name: '/crm-status', private: true }, async () => {
      teamOnly(interaction, '/crm-status');
      const [counts, [lastRun]] = await Promise.all([this.people.counts(), this.sync.latestRuns(1)]);
      const { espo, sync } = this.config.crm;
      return {
        content: crmStatusView({
          counts,
          lastRun,
          espoConfigured: espo !== undefined,
          syncEnabled: sync.enabled,
          intervalSeconds: sync.intervalSeconds,
        }),
        ephemeral: true,
      };
    });
  }
}
