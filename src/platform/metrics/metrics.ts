import { Injectable, Logger } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { BoundedLabel } from './bounded-label';

/** Seconds: ingest answers and job runs (milliseconds to the 10-minute job timeout). */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const JOB_BUCKETS = [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 600];
const LAG_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 60, 300];

/** Something read when Prometheus scrapes (queue depths, parked channels): set gauges here. */
export type ScrapeHook = () => Promise<void>;

/**
 * This process's Prometheus series (prom-client, a registry of its own so several apps in one
 * process stay apart). Features inject it and move the series they own; label values come from
 * bounded sets only (route patterns, queue names, source slugs of configured sources, status
 * codes), never ids or anything an unverified request chose. Gauges that need I/O are set by
 * scrape hooks, run before each scrape.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();
  private readonly hooks: ScrapeHook[] = [];
  private readonly logger = new Logger('Metrics');
  private readonly sources = new BoundedLabel();
  private readonly queues = new BoundedLabel();

  readonly deliveries = new Counter({
    name: 'switchyard_webhook_deliveries_total',
    help: 'Webhook deliveries answered, by source (configured sources only; others are "(unknown)") and result (accepted, duplicate, or the refusal reason)',
    labelNames: ['source', 'result'] as const,
    registers: [this.registry],
  });

  readonly ingestSeconds = new Histogram({
    name: 'switchyard_webhook_ingest_duration_seconds',
    help: 'Time from a delivery arriving to its answer, by outcome (stored, duplicate, refused)',
    labelNames: ['outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly httpRequests = new Counter({
    name: 'switchyard_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  readonly routingLag = new Histogram({
    name: 'switchyard_routing_lag_seconds',
    help: 'Time from a webhook event being stored to the batch router routing it',
    buckets: LAG_BUCKETS,
    registers: [this.registry],
  });

  readonly jobs = new Counter({
    name: 'switchyard_jobs_total',
    help: 'Job attempts finished in this process, by queue and outcome (completed, failed: retried later, dead)',
    labelNames: ['queue', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly jobSeconds = new Histogram({
    name: 'switchyard_job_duration_seconds',
    help: 'How long job attempts ran, by queue and outcome',
    labelNames: ['queue', 'outcome'] as const,
    buckets: JOB_BUCKETS,
    registers: [this.registry],
  });

  readonly queueJobs = new Gauge({
    name: 'switchyard_queue_jobs',
    help: 'Jobs per queue and state (queued, deferred, running, failed: awaiting retry, dead), read on scrape',
    labelNames: ['queue', 'state'] as const,
    registers: [this.registry],
  });

  readonly oldestWaiting = new Gauge({
    name: 'switchyard_queue_oldest_waiting_seconds',
    help: 'Age of the oldest job that is due and not yet started, per queue (0 when none), read on scrape',
    labelNames: ['queue'] as const,
    registers: [this.registry],
  });

  readonly discordRequests = new Counter({
    name: 'switchyard_discord_requests_total',
    help: "Discord REST answers, by method, Discord's route pattern and status (429: rate limited)",
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  readonly parkedChannels = new Gauge({
    name: 'switchyard_discord_parked_channels',
    help: 'Discord channels parked because Discord refused the channel, read on scrape',
    registers: [this.registry],
  });

  readonly openAlerts = new Gauge({
    name: 'switchyard_operator_alerts_open',
    help: 'Open operator alerts by kind, read on scrape',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  readonly heartbeatAge = new Gauge({
    name: 'switchyard_process_heartbeat_age_seconds',
    help: 'Seconds since the freshest heartbeat of any process in each role, read on scrape',
    labelNames: ['role'] as const,
    registers: [this.registry],
  });

  readonly ready = new Gauge({
    name: 'switchyard_ready',
    help: 'Whether each /ready check passes (1) or fails (0), read on scrape',
    labelNames: ['check'] as const,
    registers: [this.registry],
  });

  readonly dataDirFree = new Gauge({
    name: 'switchyard_data_dir_free_bytes',
    help: 'Bytes available to Switchyard on the file system holding DATA_DIR, read on scrape',
    registers: [this.registry],
  });

  readonly dataDirSize = new Gauge({
    name: 'switchyard_data_dir_size_bytes',
    help: 'Size of the file system holding DATA_DIR, read on scrape',
    registers: [this.registry],
  });

  /** For the people sync (another feature): call `syncRun(source, outcome, seconds)`. */
  readonly syncRuns = new Counter({
    name: 'switchyard_sync_runs_total',
    help: 'Sync runs by source and outcome (succeeded, failed)',
    labelNames: ['source', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly syncSeconds = new Histogram({
    name: 'switchyard_sync_run_duration_seconds',
    help: 'How long sync runs took, by source',
    labelNames: ['source'] as const,
    buckets: JOB_BUCKETS,
    registers: [this.registry],
  });

  /** For CRM connectors (another feature): call `crmRequest(crm, operation, status)`. */
  readonly crmRequests = new Counter({
    name: 'switchyard_crm_requests_total',
    help: 'Requests to CRMs, by CRM, operation and status (an HTTP status, or "error" for a network failure)',
    labelNames: ['crm', 'operation', 'status'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** A delivery's answer: `source` is a configured source's slug, or "(unknown)". */
  delivery(source: string, result: string, outcome: 'stored' | 'duplicate' | 'refused', seconds: number): void {
    this.deliveries.inc({ source: this.sources.of(source), result });
    this.ingestSeconds.observe({ outcome }, seconds);
  }

  job(queue: string, outcome: 'completed' | 'failed' | 'dead', seconds: number): void {
    const labels = { queue: this.queues.of(queue), outcome };
    this.jobs.inc(labels);
    this.jobSeconds.observe(labels, seconds);
  }

  syncRun(source: string, outcome: 'succeeded' | 'failed', seconds: number): void {
    const label = this.sources.of(source);
    this.syncRuns.inc({ source: label, outcome });
    this.syncSeconds.observe({ source: label }, seconds);
  }

  crmRequest(crm: string, operation: string, status: number | 'error'): void {
    this.crmRequests.inc({ crm, operation, status: String(status) });
  }

  /** Runs before every scrape; a failing hook is logged and leaves its gauges as they were. */
  onScrape(hook: ScrapeHook): void {
    this.hooks.push(hook);
  }

  /** The text exposition of every series, after the scrape hooks ran. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    await Promise.all(
      this.hooks.map((hook) =>
        hook().catch((error: unknown) => this.logger.warn(`A metrics scrape hook failed: ${String(error)}`)),
      ),
    );
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
