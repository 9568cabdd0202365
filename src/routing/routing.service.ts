import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DiscordOutbox } from '../discord/delivery/discord-outbox';
import { PermanentJobError } from '../platform/queue/queue-job';
import { EventFormatter } from './formatters/event-formatter';
import { loadFormattableEvent } from './rule-store/formattable-event';
import type { RuleRecord } from './rule-store/rule.entity';
import { ruleMatches } from './rules/evaluate';

export interface RouteResult {
  eventId: string;
  eventType: string;
  matchedRules: string[];
  jobs: string[];
}

const MENTION_KINDS = ['users', 'roles', 'everyone'] as const;

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
    private readonly formatter: EventFormatter,
  ) {}

  async route(eventId: string, routeJobId: string): Promise<RouteResult> {
    return this.dataSource.transaction(async (manager) => {
      const exists = await manager.query<{ id: string }[]>('SELECT id FROM webhook_events WHERE id = $1 FOR UPDATE', [
        eventId,
      ]);
      if (exists.length === 0) throw new PermanentJobError(`Webhook event ${eventId} does not exist (pruned?)`);
      const event = await loadFormattableEvent(manager, eventId);
      const rules = await manager.query<Pick<RuleRecord, 'id' | 'parsed'>[]>(
        'SELECT id, parsed FROM rules WHERE enabled ORDER BY position, created_at',
      );
      const matched: string[] = [];
      const jobs: string[] = [];
      for (const rule of rules) {
        if (!ruleMatches(rule.parsed, event.type, event.payload)) continue;
        matched.push(rule.id);
        const { name, params } = rule.parsed.action;
        if (name === 'discord.post') {
          const allow = (params.mentions ?? '')
            .split(',')
            .filter((k): k is (typeof MENTION_KINDS)[number] => (MENTION_KINDS as readonly string[]).includes(k));
          const job = await this.discord.enqueue(
            {
              channelId: params.channel!,
              content: this.formatter.format(event),
              allowMentions: allow,
              eventId,
              ruleId: rule.id,
            },
            { transaction: manager.queryRunner!, idempotencyKey: `${routeJobId}:${rule.id}` },
          );
          jobs.push(job.id);
        } else if (name === 'log') {
          this.logger.log({ eventId, ruleId: rule.id, eventType: event.type }, `Rule matched: ${event.description}`);
        }
      }
      await manager.query(`UPDATE webhook_events SET routing_status = 'routed', routed_at = now() WHERE id = $1`, [
        eventId,
      ]);
      return { eventId, eventType: event.type, matchedRules: matched, jobs };
    });
  }
}
