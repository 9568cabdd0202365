import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DiscordOutbox } from '../discord/delivery/discord-outbox';
import { JobQueue } from '../platform/queue/job-queue';
import { PermanentJobError } from '../platform/queue/queue-job';
import type { FormattableEvent } from './formatters/event-message';
import { EventFormatter } from './formatters/event-formatter';
import { httpForwardQueue } from './forward/http-forward.queue';
import { renderMessage } from './messages/render-message';
import { loadFormattableEvent } from './rule-store/formattable-event';
import type { RuleRecord } from './rule-store/rule.entity';
import { ruleMatches } from './rules/evaluate';
import type { RuleAction } from './rules/rule-syntax';
import { TemplatesService } from './templates/templates.service';

export interface RouteResult {
  eventId: string;
  eventType: string;
  matchedRules: string[];
  jobs: string[];
}

type MatchedRule = Pick<RuleRecord, 'id' | 'parsed'>;

interface ActionContext {
  manager: EntityManager;
  event: FormattableEvent;
  rule: MatchedRule;
  /** Idempotency key of the action's job: (routing job, rule). */
  key: string;
  templates: ReadonlyMap<string, string>;
}

const MENTION_KINDS = ['users', 'roles', 'everyone'] as const;
type MentionKind = (typeof MENTION_KINDS)[number];

/**
 * Routes one stored event: every enabled rule in order; each match enqueues its action in the same
 * transaction that marks the event routed. Action jobs are idempotent by (routing job, rule), so
 * a retried routing job makes no second post, while a replay (a new routing job) posts again.
 */
@Injectable()
export class RoutingService {
  private readonly logger = new Logger('Routing');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly discord: DiscordOutbox,
    private readonly jobs: JobQueue,
    private readonly templates: TemplatesService,
    private readonly formatter: EventFormatter,
  ) {}

  async route(eventId: string, routeJobId: string): Promise<RouteResult> {
    return this.dataSource.transaction(async (manager) => {
      const exists = await manager.query<{ id: string }[]>('SELECT id FROM webhook_events WHERE id = $1 FOR UPDATE', [
        eventId,
      ]);
      if (exists.length === 0) throw new PermanentJobError(`Webhook event ${eventId} does not exist (pruned?)`);
      const event = await loadFormattableEvent(manager, eventId);
      const rules = await manager.query<MatchedRule[]>(
        'SELECT id, parsed FROM rules WHERE enabled ORDER BY position, created_at',
      );
      const matched = rules.filter((rule) => ruleMatches(rule.parsed, event.type, event.payload));
      const templates = await this.templates.bodies(
        matched.flatMap((rule) => rule.parsed.action.params.template ?? []),
      );
      const jobs: string[] = [];
      for (const rule of matched) {
        const job = await this.act(rule.parsed.action, {
          manager,
          event,
          rule,
          key: `${routeJobId}:${rule.id}`,
          templates,
        });
        if (job) jobs.push(job);
      }
      await manager.query(`UPDATE webhook_events SET routing_status = 'routed', routed_at = now() WHERE id = $1`, [
        eventId,
      ]);
      return { eventId, eventType: event.type, matchedRules: matched.map((rule) => rule.id), jobs };
    });
  }

  /** Enqueues one matched rule's action; the job id, or undefined when the action makes no job. */
  private async act({ name, params }: RuleAction, ctx: ActionContext): Promise<string | undefined> {
    const { manager, event, rule, key } = ctx;
    const transaction = manager.queryRunner!;
    switch (name) {
      case 'discord.post': {
        const content = await this.render(ctx, params);
        if (content === '') {
          this.logger.log({ eventId: event.id, ruleId: rule.id }, 'Template rendered nothing: no post');
          return undefined;
        }
        const allowMentions = (params.mentions ?? '')
          .split(',')
          .filter((kind): kind is MentionKind => (MENTION_KINDS as readonly string[]).includes(kind));
        const job = await this.discord.enqueue(
          // A thread is a channel of its own: posting there keeps its own order.
          { channelId: params.thread ?? params.channel!, content, allowMentions, eventId: event.id, ruleId: rule.id },
          { transaction, idempotencyKey: key },
        );
        return job.id;
      }
      case 'job': {
        const { name: queue, ...rest } = params;
        const data = { event: { id: event.id, type: event.type, source: event.source }, ruleId: rule.id, params: rest };
        return (await this.jobs.sendExternal(queue!, data, { transaction, idempotencyKey: key })).id;
      }
      case 'http.forward': {
        const data = { eventId: event.id, ruleId: rule.id, url: params.url! };
        return (await this.jobs.send(httpForwardQueue, data, { transaction, idempotencyKey: key })).id;
      }
      case 'log':
        this.logger.log(
          { eventId: event.id, ruleId: rule.id, eventType: event.type },
          `Rule matched: ${event.description}`,
        );
        return undefined;
      default:
        // Rules are validated on save; one saved before its action was withdrawn is skipped loudly.
        this.logger.warn({ ruleId: rule.id }, `Rule has unknown action ${name}: skipped`);
        return undefined;
    }
  }

  /** The rule's template; when it fails (a render limit, say), the built-in message rather than nothing. */
  private async render({ event, rule, templates }: ActionContext, params: Record<string, string>): Promise<string> {
    try {
      return await renderMessage(event, params, templates, this.formatter.settings);
    } catch (error) {
      this.logger.warn(
        { eventId: event.id, ruleId: rule.id },
        `Template failed (${(error as Error).message}); posting the built-in message instead`,
      );
      return this.formatter.format(event);
    }
  }
}
