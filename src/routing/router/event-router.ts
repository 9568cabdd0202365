import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryRunner } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { DatabaseUrl } from '../../platform/database/database-url.token';
import { PgListener } from '../../platform/database/pg-listener';
import { Metrics } from '../../platform/metrics/metrics';
import { JobBatch, JobQueue } from '../../platform/queue/job-queue';
import { queryRunnerDb } from '../../platform/queue/transaction-db';
import { EVENT_COLUMNS, formattableEvent, FormattableRow } from '../rule-store/formattable-event';
import { matchesPattern } from '../rules/pattern';
import { isDeferred, RouteResult, RoutingPlan, RoutingService } from '../routing.service';
import { webhookRouteQueue } from '../webhook-route.queue';

/** Events claimed per transaction. */
const BATCH_SIZE = 500;
/** Polled this often as well, in case a notification was lost. */
const POLL_MS = 1000;
/** Held by the one router routing right now, across all worker processes. */
const ROUTER_LOCK_KEY = 7_353_001;
export const INBOX_CHANNEL = 'switchyard_inbox';

interface Outcome {
  id: string;
  status: 'routed' | 'queued';
  result: RouteResult | { handedOver: string };
}

/** Without bodies: most events match no rule, and only a rule's condition or message reads one. */
const CLAIM = `
SELECT ${EVENT_COLUMNS} FROM webhook_events
 WHERE routing_status = 'pending'
 ORDER BY seq
 LIMIT ${BATCH_SIZE}
   FOR UPDATE SKIP LOCKED`;

const LOAD_BODIES = `SELECT id, body FROM webhook_events WHERE id = ANY($1::uuid[])`;

/** Answers each event's routing lag (stored to routed) for the metrics. */
const STORE_OUTCOMES = `
WITH stored AS (
UPDATE webhook_events e
   SET routing_status = o.status,
       routed_at = CASE WHEN o.status = 'routed' THEN now() END,
       router_result = o.result
  FROM json_to_recordset($1::json) AS o(id uuid, status text, result jsonb)
 WHERE e.id = o.id
RETURNING e.received_at)
SELECT extract(epoch FROM clock_timestamp() - received_at)::float8 AS lag FROM stored`;

/**
 * Routes new events in the worker, in batches and in arrival order. Woken by the inbox's NOTIFY
 * (and a poll), it claims up to 500 pending events in one transaction under a cluster-wide
 * advisory lock, so one router at a time decides the order of the jobs rules make. The jobs get
 * ids that sort in creation order, so a channel's posts keep the events' order. An event that
 * fails to route is handed to a `webhook.route` job (same id as the event), which retries it with
 * backoff.
 */
@Injectable()
export class EventRouter implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Router');
  private listener?: PgListener;
  private running?: Promise<void>;
  private stopping = false;
  private woken = false;
  private wake?: () => void;
  private lastFailure = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly routing: RoutingService,
    private readonly jobs: JobQueue,
    private readonly databaseUrl: DatabaseUrl,
    private readonly metrics: Metrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.listener = new PgListener(
      this.databaseUrl.value,
      INBOX_CHANNEL,
      { onNotify: () => this.nudge(), onReconnect: () => this.nudge() },
      'switchyard-router',
    );
    await this.listener.start();
    this.running = this.loop();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.nudge();
    await this.running;
    await this.listener?.close();
  }

  /** Routes whatever is pending now; for tests and benchmarks that cannot wait for a notification. */
  nudge(): void {
    this.woken = true;
    this.wake?.();
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      this.woken = false;
      const claimed = await this.routeBatch().catch((error: Error) => {
        this.reportFailure(error);
        return 0;
      });
      if (claimed === BATCH_SIZE || this.woken) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, POLL_MS);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }

  /**
   * One transaction: claim, route, store the outcomes; the number of events claimed. First every
   * event's jobs are gathered and inserted with one statement per queue; if anything fails, the
   * batch is rolled back and routed again carefully, one savepoint per event, so only the events
   * that fail are handed over.
   */
  private async routeBatch(): Promise<number> {
    try {
      return await this.inTransaction((runner, rows, plan) => this.routeQuickly(runner, rows, plan));
    } catch (error) {
      this.logger.warn(`Batch routing failed (${(error as Error).message}); routing event by event`);
      return this.inTransaction((runner, rows, plan) => this.routeCarefully(runner, rows, plan));
    }
  }

  private async inTransaction(
    route: (runner: QueryRunner, rows: FormattableRow[], plan: RoutingPlan) => Promise<Outcome[]>,
  ): Promise<number> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      const [{ locked }] = await runner.manager.query<[{ locked: boolean }]>(
        'SELECT pg_try_advisory_xact_lock($1) AS locked',
        [ROUTER_LOCK_KEY],
      );
      const rows = locked ? await runner.manager.query<FormattableRow[]>(CLAIM) : [];
      if (rows.length === 0) {
        await runner.rollbackTransaction();
        return 0;
      }
      const plan = await this.routing.plan(runner.manager);
      await this.loadBodies(runner, rows, plan);
      const outcomes = await route(runner, rows, plan);
      const lags = await runner.manager.query<{ lag: number }[]>(STORE_OUTCOMES, [JSON.stringify(outcomes)]);
      await runner.commitTransaction();
      for (const { lag } of lags) this.metrics.routingLag.observe(lag);
      return rows.length;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }

  /**
   * Bodies for the events some rule's pattern names: the others match no rule, so nothing reads
   * their payload (an event bound for enrichment is handed over before any rule looks at it).
   */
  private async loadBodies(runner: QueryRunner, rows: FormattableRow[], plan: RoutingPlan): Promise<void> {
    const named = rows.filter(
      (row) =>
        plan.rules.some((rule) => matchesPattern(rule.parsed.pattern, row.event_type)) ||
        this.routing.tapped({ type: row.event_type, source: row.source }),
    );
    if (named.length === 0) return;
    const bodies = await runner.manager.query<{ id: string; body: string }[]>(LOAD_BODIES, [
      named.map((row) => row.id),
    ]);
    const byId = new Map(bodies.map((row) => [row.id, row.body]));
    for (const row of named) row.body = byId.get(row.id)!;
  }

  private async routeQuickly(runner: QueryRunner, rows: FormattableRow[], plan: RoutingPlan): Promise<Outcome[]> {
    const batch = new JobBatch();
    const outcomes: Outcome[] = [];
    for (const row of rows) {
      const event = formattableEvent(row);
      const matched = this.routing.matches(event, plan);
      const result =
        matched !== 'enrich' && matched.length === 0 && !this.routing.tapped(event)
          ? { eventId: event.id, eventType: event.type, matchedRules: [], jobs: [] }
          : await this.routing.apply(runner.manager, event, matched, plan, event.id, { next: uuidv7, batch });
      outcomes.push({ id: event.id, status: isDeferred(result) ? 'queued' : 'routed', result });
    }
    await this.jobs.flush(batch, runner);
    return outcomes;
  }

  private async routeCarefully(runner: QueryRunner, rows: FormattableRow[], plan: RoutingPlan): Promise<Outcome[]> {
    const outcomes: Outcome[] = [];
    const handOver: string[] = [];
    for (const row of rows) {
      const event = formattableEvent(row);
      await runner.query('SAVEPOINT route_event');
      try {
        const matched = this.routing.matches(event, plan);
        const result = await this.routing.apply(runner.manager, event, matched, plan, event.id, { next: uuidv7 });
        await runner.query('RELEASE SAVEPOINT route_event');
        outcomes.push({ id: event.id, status: isDeferred(result) ? 'queued' : 'routed', result });
      } catch (error) {
        await runner.query('ROLLBACK TO SAVEPOINT route_event');
        const reason = (error as Error).message;
        this.logger.warn({ eventId: event.id, reason }, 'Could not route event; a webhook.route job retries it');
        handOver.push(event.id);
        outcomes.push({ id: event.id, status: 'queued', result: { handedOver: reason } });
      }
    }
    const jobs = handOver.map((id) => ({ id, data: { eventId: id } }));
    await this.jobs.insertMany(webhookRouteQueue, jobs, queryRunnerDb(runner));
    return outcomes;
  }

  /** Postgres away: say so once a minute rather than once a second. */
  private reportFailure(error: Error): void {
    if (Date.now() - this.lastFailure < 60_000) return;
    this.lastFailure = Date.now();
    this.logger.warn(`Routing paused: ${error.message}; retrying every second`);
  }
}
