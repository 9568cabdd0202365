import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DiscordOutbox } from '../discord/delivery/discord-outbox';
import { jiraIssueQueue } from '../integrations/jira/jira-issue.queue';
import { completeTaskQueue } from '../integrations/peopleforce/complete-task.queue';
import { JobBatch, JobQueue, SendOptions } from '../platform/queue/job-queue';
import { PermanentJobError } from '../platform/queue/queue-job';
import { DeferredRouting, EnrichmentGate } from '../webhooks/enrichment/enrichment-gate';
import { EventFormatter } from './formatters/event-formatter';
import { httpForwardQueue } from './forward/http-forward.queue';
import { renderMessage } from './messages/render-message';
import { FORMATTABLE_COLUMNS, formattableEvent, FormattableRow, RoutableEvent } from './rule-store/formattable-event';
import type { RuleRecord } from './rule-store/rule.entity';
import { ruleMatches } from './rules/evaluate';
import type { RuleAction } from './rules/rule-syntax';
import { RoutingTaps } from './taps/routing-taps';
import { TemplatesService } from './templates/templates.service';

export interface RoutedEvent {
  eventId: string;
  eventType: string;
  matchedRules: string[];
  jobs: string[];
}

/** What routing one event did: actions enqueued, or handed over to enrichment first. */
export type RouteResult = RoutedEvent | DeferredRouting;

export const isDeferred = (result: RouteResult): result is DeferredRouting => 'deferredTo' in result;

type MatchedRule = Pick<RuleRecord, 'id' | 'parsed'>;

/** The enabled rules in order and the templates they name: loaded once, used for many events. */
export interface RoutingPlan {
  rules: MatchedRule[];
  templates: ReadonlyMap<string, string>;
}

/**
 * How an action's job gets its id. A routing job uses idempotency keys (routing job, rule), so its
 * retries make no second post while a replay (a new routing job) posts again. The batch router
 * needs no keys (its transaction is all or nothing) and passes ids that sort in creation order, so
 * jobs made in one transaction keep the events' order on `key_strict_fifo` queues.
 */
export type ActionJobIds = { idempotencyKeyPrefix: string } | { next(): string; batch?: JobBatch };

interface ActionContext {
  manager: EntityManager;
  event: RoutableEvent;
  rule: MatchedRule;
  plan: RoutingPlan;
  ids: Pick<SendOptions, 'idempotencyKey' | 'jobId' | 'batch'>;
}

const MENTION_KINDS = ['users', 'roles', 'everyone'] as const;
type MentionKind = (typeof MENTION_KINDS)[number];

/** Job data is stored as jsonb, which cannot hold U+0000 (a payload may: its body is kept as text); Discord shows none. */
const withoutNul = (text: string): string => (text.includes('\u0000') ? text.replaceAll('\u0000', '\uFFFD') : text);

/**
 * Routes stored events: every enabled rule in order; each match enqueues its action inside the
 * caller's transaction, the one that also marks the event routed. Two callers: the worker's batch
 * router (`EventRouter`, new events in arrival order) and the `webhook.route` job (replays,
 * enriched events, and events the router could not route).
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
    private readonly enrichment: EnrichmentGate,
    private readonly taps: RoutingTaps,
  ) {}

  /** Whether a built-in consumer (a routing tap) takes this event, rules or not. */
  tapped(event: { type: string; source: string }): boolean {
    return this.taps.wanting(event).length > 0;
  }

  async plan(manager: EntityManager): Promise<RoutingPlan> {
    const rules = await manager.query<MatchedRule[]>(
      'SELECT id, parsed FROM rules WHERE enabled ORDER BY position, created_at',
    );
    const templates = await this.templates.bodies(rules.flatMap((rule) => rule.parsed.action.params.template ?? []));
    return { rules, templates };
  }

  /** Whether routing this event writes anything (jobs or an enrich hand-over); pure. */
  matches(event: RoutableEvent, plan: RoutingPlan): MatchedRule[] | 'enrich' {
    if (this.enrichment.needsEnrichment(event)) return 'enrich';
    return plan.rules.filter((rule) => ruleMatches(rule.parsed, event.type, event.payload));
  }

  /** Enqueues what routing `event` makes, inside `manager`'s transaction. */
  async apply(
    manager: EntityManager,
    event: RoutableEvent,
    matched: MatchedRule[] | 'enrich',
    plan: RoutingPlan,
    routeJobId: string,
    ids: ActionJobIds,
  ): Promise<RouteResult> {
    if (matched === 'enrich') return this.enrichment.defer(manager, event, routeJobId);
    const jobs: string[] = [];
    for (const rule of matched) {
      const jobIds =
        'next' in ids
          ? { jobId: ids.next(), batch: ids.batch }
          : { idempotencyKey: `${ids.idempotencyKeyPrefix}:${rule.id}` };
      const job = await this.act(rule.parsed.action, { manager, event, rule, plan, ids: jobIds });
      if (job) jobs.push(job);
    }
    for (const tap of this.taps.wanting(event)) jobs.push(...(await tap.take(event, manager)));
    return { eventId: event.id, eventType: event.type, matchedRules: matched.map((rule) => rule.id), jobs };
  }

  /** One event, in its own transaction: what a `webhook.route` job does. */
  async route(eventId: string, routeJobId: string): Promise<RouteResult> {
    return this.dataSource.transaction(async (manager) => {
      const [row] = await manager.query<FormattableRow[]>(
        `SELECT ${FORMATTABLE_COLUMNS} FROM webhook_events WHERE id = $1 FOR UPDATE`,
        [eventId],
      );
      if (!row) throw new PermanentJobError(`Webhook event ${eventId} does not exist (pruned?)`);
      const event = formattableEvent(row);
      const plan = await this.plan(manager);
      const result = await this.apply(manager, event, this.matches(event, plan), plan, routeJobId, {
        idempotencyKeyPrefix: routeJobId,
      });
      await manager.query(
        `UPDATE webhook_events SET routing_status = $2, routed_at = CASE WHEN $2 = 'routed' THEN now() END
          WHERE id = $1`,
        [eventId, isDeferred(result) ? 'queued' : 'routed'],
      );
      return result;
    });
  }

  /** Enqueues one matched rule's action; the job id, or undefined when the action makes no job. */
  private async act({ name, params }: RuleAction, ctx: ActionContext): Promise<string | undefined> {
    const { manager, event, rule, ids } = ctx;
    const transaction = manager.queryRunner!;
    switch (name) {
      case 'discord.post': {
        const content = withoutNul(await this.render(ctx, params));
        if (content === '') {
          this.logger.log({ eventId: event.id, ruleId: rule.id }, 'Template rendered nothing: no post');
          return undefined;
        }
        const allowMentions = (params.mentions ?? '')
          .split(',')
          .filter((kind): kind is MentionKind => (MENTION_KINDS as readonly string[]).includes(kind));
        const job = await this.discord.enqueue(
          // A thread is a channel of its own: posting there keeps its own order.
          {
            channelId: params.thread ?? params.channel!,
            content,
            allowMentions,
            // Merged with the channel's other queued posts unless the rule says coalesce=off.
            ...(params.coalesce ? { coalesce: params.coalesce === 'on' } : {}),
            eventId: event.id,
            ruleId: rule.id,
          },
          { transaction, ...ids },
        );
        return job.id;
      }
      case 'job': {
        const { name: queue, ...rest } = params;
        const data = { event: { id: event.id, type: event.type, source: event.source }, ruleId: rule.id, params: rest };
        return (await this.jobs.sendExternal(queue!, data, { transaction, ...ids })).id;
      }
      case 'http.forward': {
        const data = { eventId: event.id, ruleId: rule.id, url: params.url! };
        return (await this.jobs.send(httpForwardQueue, data, { transaction, ...ids })).id;
      }
      case 'jira.create':
      case 'jira.update': {
        const mode = name === 'jira.create' ? 'create' : 'update';
        const data = { eventId: event.id, ruleId: rule.id, mode, params } as const;
        return (await this.jobs.send(jiraIssueQueue, data, { transaction, ...ids })).id;
      }
      case 'peopleforce.complete': {
        return (
          await this.jobs.send(completeTaskQueue, { eventId: event.id, ruleId: rule.id }, { transaction, ...ids })
        ).id;
      }
      case 'log': {
        const line = { eventId: event.id, ruleId: rule.id, eventType: event.type };
        const message = `Rule matched: ${event.description}`;
        if (params.level === 'warn') this.logger.warn(line, message);
        else if (params.level === 'debug') this.logger.debug(line, message);
        else this.logger.log(line, message);
        return undefined;
      }
      default:
        // Rules are validated on save; one saved before its action was withdrawn is skipped loudly.
        this.logger.warn({ ruleId: rule.id }, `Rule has unknown action ${name}: skipped`);
        return undefined;
    }
  }

  /** The rule's template; when it fails (a render limit, say), the built-in message rather than nothing. */
  private async render({ event, rule, plan }: ActionContext, params: Record<string, string>): Promise<string> {
    try {
      return await renderMessage(event, params, plan.templates, this.formatter.settings);
    } catch (error) {
      this.logger.warn(
        { eventId: event.id, ruleId: rule.id },
        `Template failed (${(error as Error).message}); posting the built-in message instead`,
      );
      return this.formatter.format(event);
    }
  }
}
