import { BadRequestException, Injectable } from '@nestjs/common';
import { AppConfig } from '../../platform/config/app-config';
import { JobQueue } from '../../platform/queue/job-queue';
import { literalAddressProblem } from '../forward/address-policy';
import type { Rule } from '../rules/rule-syntax';
import { TemplatesService } from '../templates/templates.service';
import { compileRule } from './compile-rule';

/**
 * Everything a rule is checked for on save: syntax and action parameters (pure, compileRule),
 * then what needs the database or config: the template exists, http.forward can sign and may
 * reach the address, a job does not target one of Switchyard's own queues.
 */
@Injectable()
export class RuleValidator {
  constructor(
    private readonly templates: TemplatesService,
    private readonly config: AppConfig,
    private readonly jobs: JobQueue,
  ) {}

  async compile(text: string): Promise<Rule> {
    const rule = compileRule(text);
    const problems = await this.problems(rule);
    if (problems.length > 0) throw new BadRequestException(problems);
    return rule;
  }

  private async problems({ action: { name, params } }: Rule): Promise<string[]> {
    const problems: string[] = [];
    if (name === 'discord.post' && params.template !== undefined) {
      const problem = await this.templates.problemWith(params.template);
      if (problem) problems.push(problem);
    }
    if (name === 'http.forward') {
      if (!this.config.httpForward.secret) {
        problems.push('http.forward needs HTTP_FORWARD_SECRET set on the api and worker (it signs every forward)');
      }
      const literal = this.config.httpForward.allowPrivateNetworks
        ? undefined
        : literalAddressProblem(new URL(params.url!));
      if (literal) problems.push(`url is refused: ${literal} (set HTTP_FORWARD_ALLOW_PRIVATE=true to allow it)`);
    }
    if (
      (name === 'jira.create' || name === 'jira.update' || name === 'peopleforce.complete') &&
      !this.config.integrations.jira
    ) {
      problems.push(`${name} needs JIRA_BASE_URL, JIRA_EMAIL and JIRA_API_TOKEN set on the api and worker`);
    }
    if (name === 'peopleforce.complete' && !this.config.integrations.peopleforce) {
      problems.push('peopleforce.complete needs PEOPLEFORCE_API_KEY set on the api and worker');
    }
    if (name === 'job' && this.jobs.isDeclared(params.name!)) {
      problems.push(`job name=${params.name} is one of Switchyard's own queues; rules may enqueue only to other names`);
    }
    return problems;
  }
}
