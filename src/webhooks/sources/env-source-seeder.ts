import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../../platform/config/app-config';
import { WebhookSourcesService } from './webhook-sources.service';

/** api role: keeps the `github` source's secrets equal to GITHUB_WEBHOOK_SECRET when that is set. */
@Injectable()
export class EnvSourceSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger('Sources');

  constructor(
    private readonly config: AppConfig,
    private readonly sources: WebhookSourcesService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const secrets = this.config.webhooks.githubSecrets;
    if (secrets.length === 0) return;
    const outcome = await this.sources.seed('github', 'github', secrets);
    if (outcome !== 'unchanged')
      this.logger.log(`Source "github" ${outcome} from GITHUB_WEBHOOK_SECRET (${secrets.length} secret(s))`);
  }
}
